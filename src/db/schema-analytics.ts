// Table types for migrations/012-analytics.ts (joined into DB in schema.ts).
import type { Generated } from 'kysely';

export interface AnalyticsTables {
  /** Every clock-in and clock-out, in the transaction that changed staff_duty (the reports' shift changes). */
  duty_log: { id: Generated<string>; hotel_id: number; staff_id: number; on_duty: boolean; at: Date };
}
