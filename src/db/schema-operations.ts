// Table types for migrations/010-hotel-operations.ts (joined into DB in schema.ts).
import type { Generated } from 'kysely';

export interface OperationsTables {
  hotel_webhooks: {
    id: Generated<number>;
    hotel_id: number;
    url: string;
    events: string[];
    secret: string;
    active: Generated<boolean>;
    description: Generated<string>;
    created_at: Date;
  };
  webhook_deliveries: {
    id: Generated<string>;
    webhook_id: number;
    hotel_id: number;
    event_id: string;
    event: string;
    payload: string;
    status: Generated<'pending' | 'delivered' | 'failed'>;
    attempts: Generated<number>;
    next_attempt_at: Date;
    leased_until: Date | null;
    last_status: number | null;
    last_error: string | null;
    created_at: Date;
    delivered_at: Date | null;
  };
  audit_log: {
    id: Generated<string>;
    hotel_id: number | null;
    actor_kind: 'staff' | 'guest' | 'system';
    actor_staff_id: number | null;
    actor_name: string;
    action: string;
    target: string | null;
    details: Generated<unknown>;
    at: Date;
  };
}
