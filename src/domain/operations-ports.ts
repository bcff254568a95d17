// The ports of running a hotel (issue 14's server side): its webhooks and their delivery queue,
// the audit log, and retention. Joined into Repos in ports.ts.

export interface WebhookRecord {
  id: number;
  hotelId: number;
  url: string;
  /** The contract's event names it receives (contract/webhook-payloads.ts); opaque here. */
  events: string[];
  active: boolean;
  description: string;
  createdAt: Date;
  /** The signing secret: shown once when created, then only its last four characters. */
  secret: string;
}

export type WebhookPatch = Partial<Pick<WebhookRecord, 'url' | 'events' | 'active' | 'description'>>;

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDeliveryRecord {
  id: number;
  webhookId: number;
  eventId: string;
  event: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

/** One event for one webhook, waiting in the queue. */
export interface QueuedDelivery {
  webhookId: number;
  hotelId: number;
  eventId: string;
  event: string;
  payload: string;
  at: Date;
}

/** A delivery this node leased: it alone tries it until the lease ends. */
export interface ClaimedDelivery {
  id: number;
  webhookId: number;
  url: string;
  secret: string;
  eventId: string;
  event: string;
  payload: string;
  attempts: number;
}

export type DeliveryOutcome =
  | { delivered: true; status: number; at: Date }
  | { delivered: false; status: number | null; error: string; at: Date; nextAttemptAt: Date | null };

export const AUDIT_ACTOR_KINDS = ['staff', 'guest', 'system'] as const;

export interface NewAuditEntry {
  hotelId: number | null;
  actor: { kind: (typeof AUDIT_ACTOR_KINDS)[number]; staffId: number | null; name: string };
  /** What was done, e.g. 'staff.signed-in', 'stay.checked-out', 'retention.run' (see domain/audit.ts). */
  action: string;
  /** What it was done to, e.g. 'staff 12', 'room 101'. */
  target: string | null;
  details: Record<string, unknown>;
  at: Date;
}

export interface AuditEntry extends NewAuditEntry {
  id: number;
}

export type RetentionMode = 'purge' | 'anonymise';

export interface RetentionSettings {
  days: number;
  mode: RetentionMode;
}

/** A stay whose data retention may remove. */
export interface RetainedStay {
  stayId: number;
  hotelId: number;
  roomNumber: number;
  guestName: string;
  checkedInAt: Date;
  checkedOutAt: Date | null;
  erasedAt: Date | null;
  messages: number;
}

/** Everything Concierge holds about one stay, for the guest's data request. */
export interface StayExport {
  stay: RetainedStay;
  messages: Array<{ id: number; senderType: string; staffName: string | null; body: string; createdAt: Date }>;
  handoffs: Array<{ staffName: string | null; previousStaffName: string | null; reason: string; note: string | null; at: Date }>;
}

export interface OperationsRepos {
  webhooks: {
    list(hotelId: number): Promise<WebhookRecord[]>;
    /** Active webhooks of a hotel that take this event. */
    subscribed(hotelId: number, event: string): Promise<Array<Pick<WebhookRecord, 'id'>>>;
    insert(w: Omit<WebhookRecord, 'id' | 'active'>): Promise<WebhookRecord>;
    update(hotelId: number, id: number, patch: WebhookPatch): Promise<WebhookRecord | undefined>;
    remove(hotelId: number, id: number): Promise<boolean>;
    deliveries(hotelId: number, webhookId: number, limit: number): Promise<WebhookDeliveryRecord[]>;
    /** How many the hotel has, holding the hotel's row until the transaction ends (a burst of creates cannot pass the limit together). */
    countLocked(hotelId: number): Promise<number>;
  };
  webhookQueue: {
    /** Queues each once: the same event for the same webhook again is ignored. */
    enqueue(rows: readonly QueuedDelivery[]): Promise<void>;
    /** Leases up to `limit` due deliveries (pending, due, not leased by a live node). */
    claimDue(now: Date, leaseUntil: Date, limit: number): Promise<ClaimedDelivery[]>;
    finish(id: number, outcome: DeliveryOutcome): Promise<void>;
    /** Forgets finished deliveries of a hotel created before `before` (their payloads hold guest text). */
    prune(hotelId: number, before: Date): Promise<number>;
  };
  audit: {
    record(e: NewAuditEntry): Promise<void>;
    list(hotelId: number, beforeId: number | null, limit: number): Promise<AuditEntry[]>;
  };
  retention: {
    /** Every hotel (the retention timer visits each). */
    hotels(): Promise<Array<{ id: number; slug: string; name: string }>>;
    settings(hotelId: number): Promise<RetentionSettings>;
    setSettings(hotelId: number, patch: Partial<RetentionSettings>): Promise<RetentionSettings>;
    /** Stays checked out before `before` whose data is still there, oldest first. */
    due(hotelId: number, before: Date, limit: number): Promise<RetainedStay[]>;
    find(hotelId: number, stayId: number): Promise<RetainedStay | undefined>;
    /** The hotel's stays, newest first, optionally of one room. */
    recent(hotelId: number, roomNumber: number | null, limit: number): Promise<RetainedStay[]>;
    export(stayId: number): Promise<StayExport>;
    /**
     * Removes the stay's personal data — 'purge' deletes its messages, 'anonymise' keeps them for
     * the figures with their text removed — unless that was done already (false: nothing done;
     * a second node running retention at once waits on the stay's row and then finds it done).
     */
    erase(stayId: number, mode: RetentionMode, at: Date): Promise<boolean>;
  };
}
