// The desk-day commands of the command line, as a shell runs them: bin/concierge.mjs in its own
// process, on its own database (a PGlite directory, or a fresh schema of DATABASE_URL's PostgreSQL).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cliForFile } from '../helpers/cli.js';

const { cli, fails, prepare } = cliForFile();

describe('the desk-day commands', () => {
  it('keeps quick replies and the settings of a hotel', { timeout: 400_000 }, async () => {
    await prepare();
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
