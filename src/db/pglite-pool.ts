// Kysely's PostgresDialect over PGlite. PGlite is one connection, so the pool hands it to one
// holder at a time: a transaction keeps it until COMMIT/ROLLBACK and other callers queue.
import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

export function pglitePool(db: PGlite): PostgresPool {
  let tail: Promise<void> = Promise.resolve();
  return {
    options: {},
    async connect(): Promise<PostgresPoolClient> {
      let release!: () => void;
      const previous = tail;
      tail = new Promise<void>((resolve) => (release = resolve));
      await previous;
      const client = {
        async query<R>(sqlText: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
          // exec (simple protocol) runs the multi-statement migrations; everything else is parameterised.
          const result =
            parameters.length === 0 && sqlText.includes(';')
              ? (await db.exec(sqlText)).at(-1)
              : await db.query<R>(sqlText, parameters as unknown[]);
          const rows = (result?.rows ?? []) as R[];
          return { command: 'SELECT', rowCount: result?.affectedRows ?? rows.length, rows } as PostgresQueryResult<R>;
        },
        release,
      };
      return client as unknown as PostgresPoolClient;
    },
    async end(): Promise<void> {
      await tail;
      await db.close();
    },
  };
}
