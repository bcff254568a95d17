// Message search: PostgreSQL full-text search with the 'simple' configuration (words as written,
// lower-cased, in any language), served by the GIN index messages_body_search (migration 008),
// whose expression the query repeats exactly. websearch_to_tsquery accepts anything a person
// types ("quoted phrases", -not, or) and never fails on syntax. The query's own words come back
// with each hit, and the domain marks them in the text (domain/search.ts): ts_headline, tried
// first, works on PGlite too but rewrites the text it returns (drops "<…>" as markup and
// trailing punctuation), and a snippet must be the guest's words exactly.
import { sql, type Kysely } from 'kysely';
import type { SearchHit, SearchRepository } from '../../domain/desk-day-ports.js';
import type { DB } from '../schema.js';

export function searchRepository(db: Kysely<DB>): SearchRepository {
  return {
    async messages({ hotelId, query, closedSince, limit }) {
      // A tsquery's text quotes each word: 'towel' & 'pool' ('' inside is one quote).
      const { rows } = await sql<SearchHit>`
        with q as (select websearch_to_tsquery('simple', ${query}) as query)
        select m.id as "messageId", m.conversation_id as "conversationId", r.number as "roomNumber", s.guest_name as "guestName",
               m.sender_type as "senderType", m.created_at as "createdAt", c.status = 'open' as open, m.body,
               array(select replace(t[1], '''''', '''') from regexp_matches(q.query::text, '''((?:[^'']|'''')+)''', 'g') as t) as terms
        from q, messages m
        join conversations c on c.id = m.conversation_id
        join rooms r on r.id = c.room_id
        join stays s on s.id = c.stay_id
        where m.hotel_id = ${hotelId}
          and to_tsvector('simple', m.body) @@ q.query
          and (c.status = 'open' or (${closedSince}::timestamptz is not null and c.closed_at >= ${closedSince}::timestamptz))
        order by m.created_at desc, m.id desc
        limit ${limit}`.execute(db);
      return rows;
    },
  };
}
