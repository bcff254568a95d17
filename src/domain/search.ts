// Searching message text across a hotel's conversations (staff of the hotel only). Everyone sees
// the open conversations; managers also those closed in the last 30 days (a complaint after
// check-out, a lost-property question), which other staff no longer need. The query is given to
// PostgreSQL's websearch_to_tsquery as typed: "quoted phrases", -excluded words and `or` work,
// and no input is a syntax error.
import { requireStaffOf } from './access.js';
import type { Actor } from './actor.js';
import type { SearchHit } from './desk-day-ports.js';
import { AppError } from './errors.js';
import type { Deps } from './ports.js';

export const MAX_QUERY = 200;
export const CLOSED_DAYS_FOR_MANAGERS = 30;
export const DEFAULT_RESULTS = 20;

export interface Segment {
  text: string;
  hit: boolean;
}

export interface SearchResult extends Omit<SearchHit, 'body' | 'terms'> {
  /** The text around the matches, in pieces; `hit` pieces are the matches. Plain text. */
  snippet: Segment[];
}

const SNIPPET = 240;
const WORD = /[\p{L}\p{N}_]+/gu;

/**
 * The text around the first match, in pieces, the query's words marked. Words are cut as
 * PostgreSQL's parser cuts them (letters and digits), compared in lower case as 'simple' does.
 */
export function snippet(body: string, terms: readonly string[]): Segment[] {
  const wanted = new Set(terms.map((t) => t.toLowerCase()));
  const hits = [...body.matchAll(WORD)].filter((m) => wanted.has(m[0].toLowerCase())).map((m) => [m.index, m.index + m[0].length] as const);
  let from = 0;
  let to = body.length;
  if (body.length > SNIPPET) {
    from = Math.max(0, (hits[0]?.[0] ?? 0) - 60);
    to = Math.min(body.length, from + SNIPPET);
  }
  const out: Segment[] = [];
  const push = (text: string, hit: boolean) => {
    if (text !== '') out.push({ text, hit });
  };
  if (from > 0) push('…', false);
  let at = from;
  for (const [start, end] of hits) {
    if (start < from || end > to) continue;
    push(body.slice(at, start), false);
    push(body.slice(start, end), true);
    at = end;
  }
  push(body.slice(at, to), false);
  if (to < body.length) push('…', false);
  return out;
}

export async function searchMessages(deps: Deps, actor: Actor | null, hotelSlug: string, input: { query: string; limit?: number | undefined }): Promise<SearchResult[]> {
  const me = requireStaffOf(actor, hotelSlug);
  const query = input.query.trim();
  if (query === '') throw new AppError('invalid_request', 'Type something to search for.');
  if (query.length > MAX_QUERY) throw new AppError('invalid_request', `A search is at most ${MAX_QUERY} characters.`);
  if (query.includes('\u0000')) throw new AppError('invalid_request', 'The search contains a NUL character (U+0000).');
  const closedSince = me.staff.isManager ? new Date(deps.clock.now().getTime() - CLOSED_DAYS_FOR_MANAGERS * 86_400_000) : null;
  const limit = Math.min(Math.max(input.limit ?? DEFAULT_RESULTS, 1), 50);
  const hits = await deps.store.read((r) => r.search.messages({ hotelId: me.staff.hotelId, query: query.toWellFormed(), closedSince, limit }));
  return hits.map(({ body, terms, ...hit }) => ({ ...hit, snippet: snippet(body, terms) }));
}
