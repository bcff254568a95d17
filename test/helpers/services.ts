// Suites that need PostgreSQL, Redis or Chromium skip with a printed reason on a machine without
// them — except under CI=true, where a missing service fails the run instead of going green.
import { existsSync } from 'node:fs';
import { connect } from 'node:net';

export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function reachable(url: string, fallbackPort: number): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: u.hostname, port: Number(u.port || fallbackPort) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Returns false (after printing why) when the suite should skip; throws under CI=true. */
export async function need(service: 'postgres' | 'redis' | 'chromium'): Promise<boolean> {
  const ok =
    service === 'postgres' ? await reachable(POSTGRES_URL, 5432) : service === 'redis' ? await reachable(REDIS_URL, 6379) : existsSync(CHROMIUM);
  if (ok) return true;
  const what = { postgres: `PostgreSQL at ${POSTGRES_URL}`, redis: `Redis at ${REDIS_URL}`, chromium: `Chromium at ${CHROMIUM}` }[service];
  if (process.env.CI === 'true') throw new Error(`${what} is required under CI=true but is not available.`);
  process.stdout.write(`# SKIPPED: ${what} is not available on this machine.\n`);
  return false;
}
