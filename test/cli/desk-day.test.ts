// The desk-day commands of the command line, as a shell runs them: bin/concierge.mjs in its own
// process, on its own database (a PGlite directory, or a fresh schema of DATABASE_URL's PostgreSQL).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { openStore } from '../../src/db/store.js';
import { newSchemaName } from '../helpers/server.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'concierge-cli-'));
const env: Record<string, string> = { ...(process.env as Record<string, string>), DATA_DIR: dir, SEED_DEMO: '0', LOG_LEVEL: 'warn', PORT: '1' };
if (process.env.DATABASE_URL) {
  const url = new URL(process.env.DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${newSchemaName()}`);
  env.DATABASE_URL = url.href;
}
const cli = async (...args: string[]) => JSON.parse((await run(process.execPath, ['bin/concierge.mjs', ...args], { env })).stdout) as any;
const fails = async (...args: string[]) => {
  try {
    await run(process.execPath, ['bin/concierge.mjs', ...args], { env });
  } catch (err) {
    return String((err as { stderr?: unknown }).stderr);
  }
  throw new Error(`expected ${args.join(' ')} to fail`);
};
after(() => rmSync(dir, { recursive: true, force: true }));

describe('the desk-day commands', () => {
  it('keeps quick replies and the settings of a hotel', { timeout: 400_000 }, async () => {
    if (process.env.DATABASE_URL) {
      // The schema exists and is migrated before the command line uses it (as a server would have).
      const schema = new URL(env.DATABASE_URL!).searchParams.get('options')!.split('=')[1]!;
      const { store } = await openStore({ databaseUrl: process.env.DATABASE_URL, dataDir: 'memory://', schema });
      await store.close();
    }
    // Each call is a process that opens the database: few calls, each checking much.
    await cli('hotel', 'create', 'hotel-abc', 'Hotel ABC', '--rooms', '101');
    const made = await cli('quick-reply', 'add', '--hotel', 'hotel-abc', 'wifi', 'Wifi password', 'en=The password is {wifi_password}', 'de=Das Passwort ist {wifi_password}');
    assert.equal(made.shortcut, 'wifi');
    assert.deepEqual(Object.keys(made.texts).sort(), ['de', 'en']);
    const s = await cli('desk-day', 'settings', '--hotel', 'hotel-abc', JSON.stringify({ placeholder_values: { wifi_password: 'x-42' }, desk_hours: { mon: { opens: '07:00', closes: '22:00' } }, emergency_number: '+1 555 0100' }));
    assert.deepEqual(s.placeholder_values, { wifi_password: 'x-42' });
    assert.equal(s.desk_hours.mon.opens, '07:00');
    assert.match(await fails('quick-reply', 'add', '--hotel', 'hotel-abc', 'wifi', 'Again', 'en=x'), /taken/);

  });
});
