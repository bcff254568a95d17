// The webhook, audit, retention and stay commands of the command line, as a shell runs them:
// bin/concierge.mjs in its own process, on its own database (a PGlite directory, or a fresh
// schema of DATABASE_URL's PostgreSQL). What the command line does is in the audit log.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OPERATIONS_COMMANDS} from '../../src/cli/operations.js';
import { operationsCommand, type OperationsFlags } from '../../src/cli/operations.js';
import { checkIn, checkOut } from '../../src/domain/admin.js';
import { cliForFile } from '../helpers/cli.js';
import { serverForFile } from '../helpers/server.js';
import { waitFor } from '../helpers/wait.js';

const { cli, fails, prepare } = cliForFile();

describe('the webhook, audit, retention and stay commands', () => {
  it('run from a shell: bin/concierge.mjs reaches them, and its actions are in the audit log', { timeout: 400_000 }, async () => {
    await prepare();
    // Each call is a process that opens the database: few calls, each checking much.
    await cli('hotel', 'create', 'hotel-abc', 'Hotel ABC', '--rooms', '101');
    const hook = await cli('webhook', 'add', '--hotel', 'hotel-abc', '--url', 'https://pms.example.com/concierge', '--events', 'stay.checked_in,stay.checked_out');
    assert.match(hook.secret, /^whsec_/);
    assert.deepEqual(hook.events, ['stay.checked_in', 'stay.checked_out']);
    const log = await cli('audit', 'list', '--hotel', 'hotel-abc');
    assert.deepEqual(log.map((e: { action: string; actor: { kind: string } }) => [e.action, e.actor.kind]), [['webhook.created', 'system']]);
    assert.match(await fails('webhook', 'add', '--hotel', 'hotel-abc', '--url', 'https://x.example.com', '--events', 'message.deleted'), /Unknown events: message\.deleted/);
  });
});

describe('the same commands, in-process against a running server', () => {
  const ctx = serverForFile();
  const cmd = (command: (typeof OPERATIONS_COMMANDS)[number], flags: Omit<OperationsFlags, 'hotel'> = {}) =>
    operationsCommand(ctx.server.deps, ctx.server.dispatcher, command, { hotel: 'hotel-abc', ...flags }) as Promise<any>;

  it('manage webhooks, retention and a guest\'s data, each action once in the audit log', async () => {
    const hook = await cmd('webhook add', { url: 'https://pms.example.com/concierge', events: 'stay.checked_in,stay.checked_out' });
    assert.equal((await cmd('webhook list'))[0].secret, `…${String(hook.secret).slice(-4)}`);
    const { server } = ctx;
    await server.dispatcher.run(null, () => checkIn(server.deps, { kind: 'system' }, 'hotel-abc', 106, { guestName: 'Cli Guest' }));
    await server.dispatcher.run(null, () => checkOut(server.deps, { kind: 'system' }, 'hotel-abc', 106));
    await waitFor(async () => (await cmd('webhook deliveries', { id: String(hook.id) })).length === 2 || undefined, 'the check-in and check-out queued');
    assert.deepEqual(await cmd('retention set', { days: '1', mode: 'anonymise' }), { days: 1, mode: 'anonymise' });
    const dry = await cmd('retention run', { 'dry-run': true });
    assert.equal(dry.dry_run, true);
    assert.deepEqual(dry.stays, [], 'checked out just now: not due after one day');
    const [stay] = await cmd('stay list', { room: '106' });
    assert.equal(stay.guest_name, 'Cli Guest');
    assert.equal((await cmd('stay export', { id: String(stay.stay_id) })).stay.guest_name, 'Cli Guest');
    assert.equal((await cmd('stay erase', { id: String(stay.stay_id) })).guest_name, '');
    await assert.rejects(cmd('stay erase', { id: 'abc' }), /--id must be a whole number/);
    await assert.rejects(cmd('retention set', { days: '0' }), /--days must be a whole number/);
    const actions = (await cmd('audit list')).map((e: { action: string }) => e.action);
    for (const a of ['webhook.created', 'stay.checked-out', 'retention.changed', 'stay.exported', 'stay.erased']) {
      assert.equal(actions.filter((x: string) => x === a).length, 1, a);
    }
    assert.deepEqual(await cmd('webhook remove', { id: String(hook.id) }), { removed: true });
    assert.deepEqual(await cmd('webhook list'), []);
  });
});
