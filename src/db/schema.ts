// Table types for Kysely: one interface per table of migrations/.
import type { Generated } from 'kysely';
import type { AlertKind, HandoffReason, SenderType } from '../domain/ports.js';
import type { AttachmentTables } from './schema-attachments.js';
import type { DeskDayTables } from './schema-desk-day.js';
import type { ConsoleTables } from './schema-console.js';
import type { OperationsTables } from './schema-operations.js';
import type { PushTables } from './schema-push.js';
import type { AnalyticsTables } from './schema-analytics.js';

// Each later feature declares its tables in its own schema-*.ts, joined here.
export interface DB extends AttachmentTables, PushTables, DeskDayTables, OperationsTables, ConsoleTables, AnalyticsTables {
  hotels: {
    id: Generated<number>;
    slug: string;
    name: string;
    created_at: Generated<Date>;
    cover_alert_minutes: Generated<number>;
    reply_alert_minutes: Generated<number>;
    vip_reply_alert_minutes: Generated<number>;
    retention_days: Generated<number>;
    retention_mode: Generated<'purge' | 'anonymise'>;
    time_zone: Generated<string>;
  };
  staff_duty: { staff_id: number; hotel_id: number; on_duty: boolean; changed_at: Date };
  conversation_notes: { id: Generated<number>; conversation_id: number; hotel_id: number; staff_id: number; body: string; created_at: Date };
  desk_alerts: { id: Generated<number>; hotel_id: number; conversation_id: number; kind: AlertKind; step: number; started_at: Date; due_at: Date };
  desk_alert_log: { id: Generated<number>; conversation_id: number; kind: AlertKind; audience: string; waited_seconds: number; at: Date };
  staff: {
    id: Generated<number>;
    hotel_id: number;
    username: string;
    password_hash: string;
    first_name: string;
    last_name: string;
    role: string;
    profile_image: string | null;
    is_manager: boolean;
    is_active: Generated<boolean>;
    created_at: Generated<Date>;
  };
  staff_tokens: { token_hash: string; staff_id: number; created_at: Generated<Date>; expires_at: Date; revoked_at: Date | null };
  rooms: { id: Generated<number>; hotel_id: number; number: number };
  stays: {
    id: Generated<number>;
    hotel_id: number;
    room_id: number;
    guest_name: string;
    pin_hash: string;
    checked_in_at: Date;
    checked_out_at: Date | null;
    vip: Generated<boolean>;
    erased_at: Generated<Date | null>;
    language: string | null;
    expected_departure: string | null; // 008-desk-day: a date, read as 'YYYY-MM-DD' text
    note: string | null; // 008-desk-day
  };
  conversations: {
    id: Generated<number>;
    hotel_id: number;
    room_id: number;
    stay_id: number;
    status: Generated<'open' | 'closed'>;
    current_staff_id: number | null;
    handler_assigned_at: Date | null;
    created_at: Date;
    last_activity_at: Date;
    closed_at: Date | null;
    resolved_at: Generated<Date | null>;
    unread_count: Generated<number>;
    waiting_since: Generated<Date | null>;
  };
  guest_sessions: {
    token_hash: string;
    stay_id: number;
    conversation_id: number;
    created_at: Date;
    expires_at: Date;
    ended_at: Date | null;
  };
  messages: {
    id: Generated<number>;
    conversation_id: number;
    hotel_id: number;
    sender_type: SenderType;
    staff_id: number | null;
    body: string;
    client_message_id: string | null;
    created_at: Date;
    read_by_staff: Generated<boolean>;
    staff_read_at: Date | null;
    read_by_guest: Generated<boolean>;
    guest_read_at: Date | null;
  };
  assignments: {
    id: Generated<number>;
    conversation_id: number;
    staff_id: number | null;
    previous_staff_id: number | null;
    reason: HandoffReason;
    note: string | null;
    assigned_at: Date;
  };
  staff_reads: { staff_id: number; conversation_id: number; last_read_message_id: number; read_at: Date };
  auth_attempts: { id: Generated<number>; key: string; at: Date };
}
