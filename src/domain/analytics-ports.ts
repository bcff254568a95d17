// What the handoff analytics need from the database (db/repositories/analytics-repository.ts).
// Every figure is computed in SQL over the history; docs/analytics.md defines each one.

/** One hotel's reporting window: local calendar days `from`..`to` (inclusive) on the hotel's clock. */
export interface AnalyticsWindow {
  hotelId: number;
  /** 'YYYY-MM-DD', first day of the window. */
  from: string;
  /** 'YYYY-MM-DD', last day of the window (inclusive). */
  to: string;
  /** IANA zone the days are counted in. */
  timeZone: string;
}

/** A set of durations in seconds: how many, median, 90th percentile, mean (null when none). */
export interface Durations {
  count: number;
  p50: number | null;
  p90: number | null;
  mean: number | null;
}

export interface StaffName {
  staffId: number;
  firstName: string;
  lastName: string;
}

export interface FirstResponseReport {
  /** Waits that started in the window: answered ones measured, `unanswered` the rest. */
  overall: Durations & { unanswered: number };
  byDay: Array<Durations & { day: string; unanswered: number }>;
  /** By the staff member whose message ended the wait. */
  byStaff: Array<Durations & StaffName>;
}

export interface HandoffsReport {
  /** Conversations started in the window. */
  conversations: number;
  handoffs: number;
  mean: number | null;
  /** How many of those conversations changed hands n times, for each n that occurs. */
  distribution: Array<{ handoffs: number; conversations: number }>;
}

export type HandoffKind = 'released' | 'taken_over';

export interface ReplyAfterHandoffReport {
  overall: Durations & { unanswered: number };
  byKind: Array<Durations & { kind: HandoffKind; unanswered: number }>;
}

export interface OrphanedReport {
  /** Conversations released by a clock-out in the window; `covered` were taken by someone later. */
  released: number;
  covered: number;
  /** The wait for cover of those covered. */
  wait: Durations & { max: number | null };
  byStaff: Array<StaffName & { released: number; covered: number }>;
  byDay: Array<{ day: string; released: number; covered: number; p50: number | null }>;
}

export interface ShiftChange extends StaffName {
  at: Date;
  onDuty: boolean;
  /** Conversations whose guest waited for an answer at that moment. */
  waiting: number;
  /** Conversations released and not yet taken by anyone at that moment (after the change itself). */
  needsCover: number;
}

export interface StaffLoad extends StaffName {
  role: string;
  isActive: boolean;
  conversations: number;
  messages: number;
  handoffsReceived: number;
  handoffsGiven: number;
  alerts: number;
}

export interface AlertCount {
  kind: string;
  audience: string;
  count: number;
}

export interface AnalyticsRepository {
  firstResponse(w: AnalyticsWindow): Promise<FirstResponseReport>;
  handoffs(w: AnalyticsWindow): Promise<HandoffsReport>;
  replyAfterHandoff(w: AnalyticsWindow): Promise<ReplyAfterHandoffReport>;
  orphaned(w: AnalyticsWindow): Promise<OrphanedReport>;
  shiftChanges(w: AnalyticsWindow): Promise<ShiftChange[]>;
  staffLoad(w: AnalyticsWindow): Promise<{ staff: StaffLoad[]; alerts: AlertCount[] }>;
}
