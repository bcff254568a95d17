// The database behind the domain's Store port: PGlite in-process by default, PostgreSQL with DATABASE_URL.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient, type Transaction } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { AppError } from '../domain/errors.js';
import type { NewMessage, Repos, Store } from '../domain/ports.js';
import { migrations } from './migrations/index.js';
import { pglitePool } from './pglite-pool.js';
import { assignmentRepository, conversationRepository, staffReadRepository } from './repositories/conversation-repository.js';
import { attemptRepository, hotelRepository, roomRepository } from './repositories/hotel-repository.js';
import { deskRepository } from './repositories/desk-repository.js';
import { analyticsRepository } from './repositories/analytics-repository.js';
import { consoleRepository } from './repositories/console-repository.js';
import { operationsRepositories } from './repositories/operations-repository.js';
import { deskDayRepository } from './repositories/desk-day-repository.js';
import { searchRepository } from './repositories/search-repository.js';
import { Batcher } from './batcher.js';
import { attachmentRepository } from './repositories/attachment-repository.js';
import { appendManyUnlessHandoff, messageRepository } from './repositories/message-repository.js';
import { findStaffByTokens, staffRepository, staffTokenRepository } from './repositories/staff-repository.js';
import { findSessionsByTokens, guestSessionRepository, stayRepository } from './repositories/stay-repository.js';
import type { TokenAsk } from './statement.js';
import type { DB } from './schema.js';

export interface StoreOptions {
  /** postgres://… ; null for the embedded PGlite. */
  databaseUrl: string | null;
  /** Where PGlite keeps its files; 'memory://' for a throwaway database. */
  dataDir: string;
  /** A PostgreSQL schema to work in (tests give each file its own). */
  schema?: string;
  poolSize?: number;
  /** Told how many callers each group-committed statement carried (see batched). */
  onBatch?: (statement: BatchedStatement, callers: number) => void;
}

export type BatchedStatement = 'send' | 'staff-token' | 'guest-token';

export interface OpenStore {
  store: Store;
  db: Kysely<DB>;
  kind: 'pglite' | 'postgres';
}

function repos(db: Kysely<DB>): Repos {
  return {
    hotels: hotelRepository(db),
    rooms: roomRepository(db),
    attempts: attemptRepository(db),
    staff: staffRepository(db),
    staffTokens: staffTokenRepository(db),
    stays: stayRepository(db),
    guestSessions: guestSessionRepository(db),
    conversations: conversationRepository(db),
    assignments: assignmentRepository(db),
    staffReads: staffReadRepository(db),
    messages: messageRepository(db),
    attachments: attachmentRepository(db),
    desk: deskRepository(db),
    analytics: analyticsRepository(db),
    console: consoleRepository(db),
    ...operationsRepositories(db),
    deskDay: deskDayRepository(db),
    search: searchRepository(db),
  };
}

/**
 * Outside a transaction, the three statements every message send makes (the caller's token, and
 * the send itself) are group-committed: concurrent callers share a statement (batcher.ts).
 * `inFlight` statements of each kind run at once.
 */
function batched(db: Kysely<DB>, base: Repos, inFlight: number, onBatch: StoreOptions['onBatch']): Repos {
  const opts = (statement: BatchedStatement) => ({
    maxInFlight: inFlight,
    maxBatch: 64,
    retryAlone: oneCallersFault,
    ...(onBatch && { observe: (n: number) => onBatch(statement, n) }),
  });
  const sends = new Batcher((ms: NewMessage[]) => appendManyUnlessHandoff(db, ms), { ...opts('send'), keyOf: (m) => String(m.conversationId) });
  const staff = new Batcher((asks: TokenAsk[]) => findStaffByTokens(db, asks), opts('staff-token'));
  const guests = new Batcher((asks: TokenAsk[]) => findSessionsByTokens(db, asks), opts('guest-token'));
  return {
    ...base,
    messages: { ...base.messages, appendUnlessHandoff: (m) => sends.submit(m) },
    staffTokens: { ...base.staffTokens, findStaff: (hash, at) => staff.submit({ hash, at }) },
    guestSessions: { ...base.guestSessions, findActive: (hash, at) => guests.submit({ hash, at }) },
  };
}

/** A value PostgreSQL refuses (data exception, constraint, limit): one caller's input, not the database's state. */
function oneCallersFault(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && /^(22|23|54)/.test(code);
}

// Connection-level failures: the database is away, not the request wrong.
const TRANSIENT = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EHOSTUNREACH|Connection terminated|timeout|connect/i;

function translate(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (code === '23505') return new AppError('conflict', 'That conflicts with something that exists already.');
  if (code.startsWith('22')) return new AppError('invalid_request', 'A value was refused by the database as given (for example a NUL character).');
  if (code.startsWith('08') || code.startsWith('57P') || code === '53300' || (code === '' || code.startsWith('E')) && TRANSIENT.test(String(e.message ?? ''))) {
    return new AppError('unavailable', 'The database is not reachable right now. Please try again in a moment.');
  }
  return err;
}

export async function openStore(opts: StoreOptions): Promise<OpenStore> {
  let db: Kysely<DB>;
  let kind: OpenStore['kind'];
  if (opts.databaseUrl) {
    kind = 'postgres';
    if (opts.schema) {
      if (!/^[a-z_][a-z0-9_]*$/.test(opts.schema)) throw new Error(`Bad schema name "${opts.schema}"`);
      const admin = new pg.Client({ connectionString: opts.databaseUrl });
      await admin.connect();
      await admin.query(`create schema if not exists "${opts.schema}"`);
      await admin.end();
    }
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      // Fail fast while the database is away, so callers get a 503 instead of a hang.
      connectionTimeoutMillis: 3000,
      query_timeout: 10_000,
      idleTimeoutMillis: 30_000,
      ...(opts.schema && { options: `-c search_path=${opts.schema}` }),
    });
    // A connection that drops (database restart, network cut) must not crash the process: the
    // pool discards that client, and the request using it, if any, fails with 503 by itself.
    const ignore = () => undefined;
    pool.on('error', ignore);
    pool.on('connect', (c) => c.on('error', ignore));
    db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparing(pool) }) });
  } else {
    kind = 'pglite';
    if (!opts.dataDir.startsWith('memory://')) mkdirSync(opts.dataDir, { recursive: true });
    const lite = await PGlite.create(opts.dataDir);
    db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: pglitePool(lite) }) });
  }
  await migrate(db, opts.schema);
  // A quarter of the pool per batched kind leaves the rest to transactions; on two cores 2 in
  // flight did best (4,392 sends/s at 32 senders, against 3,683 with 4 and 4,089 with 8).
  const inFlight = kind === 'postgres' ? Math.max(1, Math.floor((opts.poolSize ?? 10) / 4)) : 1;
  const all = batched(db, repos(db), inFlight, opts.onBatch);
  const store: Store = {
    async transaction(fn) {
      try {
        return await db.transaction().execute((tx: Transaction<DB>) => fn(repos(tx)));
      } catch (err) {
        throw translate(err);
      }
    },
    async read(fn) {
      try {
        return await fn(all);
      } catch (err) {
        throw translate(err);
      }
    },
    async ping() {
      try {
        await db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
      } catch (err) {
        throw translate(err);
      }
    },
    close: () => db.destroy(),
  };
  return { store, db, kind };
}

/**
 * Sends every parameterised query as a named (prepared) statement, so each connection parses and
 * plans a query text once instead of on every call: the hot path's token lookup, row lock and
 * insert are joins PostgreSQL would otherwise plan per message. The name is a hash of the text.
 */
function preparing(pool: pg.Pool): PostgresPool {
  const names = new Map<string, string>();
  const nameOf = (text: string): string => {
    let name = names.get(text);
    if (name === undefined) {
      name = `k${createHash('sha1').update(text).digest('base64url').slice(0, 24)}`;
      if (names.size < 5000) names.set(text, name);
    }
    return name;
  };
  return {
    options: pool.options,
    async connect() {
      const client = await pool.connect();
      const query = (text: string, values?: unknown[]) =>
        values && values.length > 0 ? client.query({ name: nameOf(text), text, values }) : client.query(text, values);
      return { query, release: () => client.release() } as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}

export async function migrate(db: Kysely<DB>, schema?: string): Promise<void> {
  const migrator = new Migrator({
    db,
    ...(schema && { migrationTableSchema: schema }),
    provider: { getMigrations: async () => migrations },
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}
