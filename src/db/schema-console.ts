// Table types for migrations/011-manager-console.ts (joined into DB in schema.ts).
import type { Generated } from 'kysely';

export interface ConsoleTables {
  staff_invites: {
    id: Generated<number>;
    hotel_id: number;
    staff_id: number;
    token_hash: string;
    purpose: 'invite' | 'reset';
    created_by: number | null;
    created_at: Date;
    expires_at: Date;
    used_at: Date | null;
  };
}
