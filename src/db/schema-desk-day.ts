// Table types for migrations/008-desk-day.ts (joined into DB in schema.ts). The jsonb columns are
// read as objects and written as JSON text.
import type { ColumnType, Generated } from 'kysely';
import type { WeekHours } from '../domain/desk-day-ports.js';

type Json<T> = ColumnType<T, string, string>;

export interface DeskDayTables {
  desk_day_settings: {
    hotel_id: number;
    default_language: Generated<string>;
    placeholder_values: Json<Record<string, string>>;
    desk_hours: ColumnType<WeekHours | null, string | null, string | null>;
    after_hours_texts: Json<Record<string, string>>;
    emergency_number: string | null;
    updated_at: Date;
  };
  quick_replies: {
    id: Generated<number>;
    hotel_id: number;
    shortcut: string;
    title: string;
    texts: Json<Record<string, string>>;
    created_at: Date;
    updated_at: Date;
  };
  after_hours_replies: { conversation_id: number; opens_at: Date; at: Date };
}
