// The command line as a shell runs it: bin/concierge.mjs in its own process, on a database of its
// own for the test file (a PGlite directory, or a fresh schema of DATABASE_URL's PostgreSQL).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { promisify } from 'node:util';
import { openStore } from '../../src/db/store.js';
import { newSchemaName } from './server.js';

const run = promisify(execFile);

export function cliForFile() {
  const dir = mkdtempSync(join(tmpdir(), 'concierge-cli-'));
  const env: Record<string, string> = { ...(process.env as Record<string, string>), DATA_DIR: dir, SEED_DEMO: '0', LOG_LEVEL: 'warn', PORT: '1' };
  let schema: string | null = null;
  if (process.env.DATABASE_URL) {
    schema = newSchemaName();
    const url = new URL(process.env.DATABASE_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    env.DATABASE_URL = url.href;
  }
  after(() => rmSync(dir, { recursive: true, force: true }));
  return {
    /** Creates and migrates the PostgreSQL schema first, as a running server would have. */
    async prepare(): Promise<void> {
      if (schema === null) return;
      const { store } = await openStore({ databaseUrl: process.env.DATABASE_URL!, dataDir: 'memory://', schema });
      await store.close();
    },
    /** One command's JSON answer (its shape depends on the command, so the tests read it untyped). */
    cli: async (...args: string[]): Promise<any> => JSON.parse((await run(process.execPath, ['bin/concierge.mjs', ...args], { env })).stdout),
    /** The error a command that must fail printed. */
    async fails(...args: string[]): Promise<string> {
      try {
        await run(process.execPath, ['bin/concierge.mjs', ...args], { env });
      } catch (err) {
        return String((err as { stderr?: unknown }).stderr);
      }
      throw new Error(`expected ${args.join(' ')} to fail`);
    },
  };
}
