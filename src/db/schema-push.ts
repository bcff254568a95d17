// Table types for migrations/007-web-push.ts (joined into DB in schema.ts).
import type { Generated } from 'kysely';

export interface PushTables {
  push_subscriptions: {
    id: Generated<number>;
    hotel_id: number;
    /** Exactly one of staff_id and stay_id is set: who this browser belongs to. */
    staff_id: number | null;
    stay_id: number | null;
    endpoint: string;
    p256dh: string;
    auth: string;
    /** The session that subscribed: signing out of it removes the subscription. */
    token_hash: string;
    created_at: Date;
  };
  /** One row (id 1): the generated VAPID key pair every node shares. */
  push_vapid_keys: { id: number; public_key: string; private_key: string; created_at: Date };
}
