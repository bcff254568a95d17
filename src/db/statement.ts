// Hot statements written once as SQL. Kysely's builder makes, freezes and compiles a query tree
// on every call (a tenth of the server's time on the send path, by profile); these go straight
// to the driver with new values, and store.ts prepares them per connection like every
// parameterised query.
import { CompiledQuery, type Kysely } from 'kysely';
import type { DB } from './schema.js';

export type Statement<Row> = (db: Kysely<DB>, params: readonly unknown[]) => Promise<Row[]>;

export function statement<Row>(text: string): Statement<Row> {
  const sql = text.replace(/\s+/g, ' ').trim();
  return async (db, params) => (await db.executeQuery<Row>(CompiledQuery.raw(sql, [...params]))).rows;
}

/** A token lookup: its SHA-256 hash, valid at `at`. */
export interface TokenAsk {
  hash: string;
  at: Date;
}
