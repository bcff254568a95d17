// The guest's "who is helping you" lines. The handoff history is staff-only, so the lines a guest
// saw are kept in sessionStorage per conversation: a reload shows them again in place (each is
// pinned after the message that preceded it). Handoffs in a row (no message between, within a
// minute) collapse into one line that says where it ended: "Mike (Night Receptionist) has taken
// over from Sarah". Each line keeps what happened, not a sentence, so it reads in the language
// the guest has chosen now.

export type Change = { kind: 'staff'; name: string; role: string } | { kind: 'team' };

export interface GuestNotice {
  key: string;
  afterId: number;
  change: Change;
  /** When it happened (ms epoch), for collapsing. */
  at: number;
  /** Who helped before this line: the name the guest last saw, or null. */
  from: string | null;
}

const COLLAPSE_MS = 60_000;
const MAX_LINES = 50;
const storeKey = (conversationId: number): string => `concierge.guest.handoffs.${String(conversationId)}`;

function isChange(v: unknown): v is Change {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return r.kind === 'team' || (r.kind === 'staff' && typeof r.name === 'string' && typeof r.role === 'string');
}

function isNotice(v: unknown): v is GuestNotice {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r.key === 'string' && typeof r.afterId === 'number' && isChange(r.change) && typeof r.at === 'number' && (r.from === null || typeof r.from === 'string');
}

export function loadLines(conversationId: number): GuestNotice[] {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(storeKey(conversationId)) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isNotice) : [];
  } catch {
    return [];
  }
}

export function saveLines(conversationId: number, lines: GuestNotice[]): void {
  try {
    sessionStorage.setItem(storeKey(conversationId), JSON.stringify(lines.slice(-MAX_LINES)));
  } catch {
    // Storage full or disabled: the lines last until the reload.
  }
}

/**
 * In a right-to-left sentence a name in Latin letters keeps its own direction (Unicode isolates),
 * so "Sarah Jones (Receptionist)" is not reordered around it. Left to right, nothing is added.
 */
export function isolate(s: string): string {
  return typeof document !== 'undefined' && document.documentElement.dir === 'rtl' ? `\u2068${s}\u2069` : s;
}

/** The line's sentence in the guest's language. */
export function lineText(n: GuestNotice, t: (key: string, vars?: Record<string, string>) => string): string {
  if (n.change.kind === 'team') return t('handoff.team');
  const name = isolate(n.change.name);
  const role = isolate(n.change.role);
  if (n.from && n.from !== n.change.name) return t('handoff.takenOver', { name, role, from: isolate(n.from) });
  return t('handoff.assisting', { name, role });
}

/**
 * Adds the line for a handoff. `current` is who helped until now (null: the team). Consecutive
 * lines within a minute become one, from the first one's "from" to this one's new state.
 */
export function addLine(lines: GuestNotice[], change: Change, current: string | null, afterId: number, now: number): GuestNotice[] {
  const last = lines[lines.length - 1];
  const collapse = last !== undefined && last.afterId === afterId && now - last.at < COLLAPSE_MS;
  const from = collapse ? last.from : current;
  const line: GuestNotice = { key: `h-${String(now)}-${String(lines.length)}`, afterId, change, at: now, from };
  return collapse ? [...lines.slice(0, -1), line] : [...lines, line];
}
