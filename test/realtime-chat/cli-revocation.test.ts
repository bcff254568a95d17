// The command line ends live connections like the HTTP API does: deactivating a staff member,
// giving them a new password, or checking a room out from a shell closes their sockets on the
// running server at once. The server and the CLI share one PostgreSQL schema (the embedded
// database belongs to one process, so this runs on PostgreSQL only).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { newSchemaName, startTestServer, type TestServer } from '../helpers/server.js';
import { need, POSTGRES_URL } from '../helpers/services.js';
import { channelOf, Cleanup, client, connect, guestTab, signIn } from '../helpers/chat.js';

const run = promisify(execFile);
const REVOKED = 4009;
const available = await need('postgres');

describe('the command line and live connections', { skip: !available && 'PostgreSQL is not available' }, () => {
  let server: TestServer;
  let cli: (...args: string[]) => Promise<unknown>;
  const cleanup = new Cleanup();
  before(async () => {
    const schema = newSchemaName();
    server = await startTestServer({ databaseUrl: POSTGRES_URL, schema });
    const url = new URL(POSTGRES_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const env = { ...process.env, DATABASE_URL: url.href, HOST: '127.0.0.1', PORT: String(server.port), SEED_DEMO: '0', LOG_LEVEL: 'warn' };
    cli = async (...args) => JSON.parse((await run(process.execPath, ['bin/concierge.mjs', ...args], { env })).stdout);
  });
  after(async () => {
    await cleanup.run();
    await server?.close();
  });

  it('closes a deactivated staff member\'s dashboard and a re-keyed one\'s, and a checked-out guest\'s chat', { timeout: 90_000 }, async () => {
    const api = client(server.url);
    const [john, sarah] = [await signIn(api, 'john'), await signIn(api, 'sarah')];
    const johnDesk = cleanup.participant(await connect('john', server.url, john.token));
    await johnDesk.subscribe(channelOf.inbox());
    const sarahDesk = cleanup.participant(await connect('sarah', server.url, sarah.token));
    await sarahDesk.subscribe(channelOf.inbox());
    const guest = cleanup.participant(await guestTab(server.url, 102));

    assert.equal(((await cli('staff', 'deactivate', '--hotel', 'hotel-abc', '--id', String(john.staff.id))) as { is_active: boolean }).is_active, false);
    await johnDesk.closedWith(REVOKED);
    assert.equal(sarahDesk.state, 'connected', 'only John is cut');

    await cli('staff', 'set-password', '--hotel', 'hotel-abc', '--id', String(sarah.staff.id), '--password', 'a-new-long-passphrase');
    await sarahDesk.closedWith(REVOKED);
    assert.equal((await api.get('/auth/me/', sarah.token)).status, 401);

    const inbox = cleanup.participant(await connect('emma', server.url, (await signIn(api, 'emma')).token));
    await inbox.subscribe(channelOf.inbox());
    await cli('check-out', '--hotel', 'hotel-abc', '--room', '102');
    await guest.closedWith(REVOKED);
    await inbox.expect(channelOf.inbox(), 'conversation-closed', (d) => d.room_number === 102);
  });
});
