// Desk alerts live in the database: a restart between a release and its alert still alerts, once,
// and two nodes polling the same database never alert twice. PostgreSQL (the nodes share a schema).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { TestClock } from '../helpers/domain.js';
import { guest, login } from '../helpers/http.js';
import { newSchemaName, startTestServer, type TestServer } from '../helpers/server.js';
import { need, POSTGRES_URL } from '../helpers/services.js';
import { base, client } from '../helpers/chat.js';

const available = await need('postgres');
const MIN = 60_000;
const alertsFor = (servers: TestServer[], conversation: number) =>
  servers.flatMap((s) => s.events.filter((e) => e.name === 'conversation-alert' && (e.data as { conversation_id: number }).conversation_id === conversation && e.channel.endsWith('-staff-inbox')));

describe('desk alerts across restarts and nodes', { skip: !available && 'PostgreSQL is not available' }, () => {
  const schema = newSchemaName();
  const clock = new TestClock(Date.now());
  const running: TestServer[] = [];
  const start = async () => {
    const s = await startTestServer({ databaseUrl: POSTGRES_URL, schema, clock, alertPollMs: 3_600_000 });
    running.push(s);
    return s;
  };
  after(async () => {
    for (const s of running) await s.close();
  });

  it('alerts once after a restart that fell between the release and its due time', async () => {
    const a = await start();
    const api = client(a.url);
    const [john, emma] = [await login(api, 'john'), await login(api, 'emma')];
    await api.post('/chat/hotel-abc/duty/', emma, { on_duty: true });
    const g = await guest(api, 103);
    await api.post(`${base}/${g.conversation_id}/assign-staff/`, john);
    assert.equal((await api.post(`${base}/${g.conversation_id}/release/`, john, { reason: 'lunch' })).status, 200);
    await a.alerts.tick();
    await a.close();

    const b = await start();
    clock.advance(5 * MIN);
    await b.alerts.tick();
    await b.alerts.tick();
    const fired = alertsFor([a, b], g.conversation_id);
    assert.equal(fired.length, 1);
    assert.equal((fired[0]!.data as { kind: string }).kind, 'cover');
  });

  it('never alerts twice when two nodes poll at the same moment', async () => {
    const [b, c] = [running.at(-1)!, await start()];
    const api = client(b.url);
    const sarah = await login(api, 'sarah');
    const g = await guest(api, 104);
    await api.post(`${base}/${g.conversation_id}/assign-staff/`, sarah);
    await api.post(`${base}/${g.conversation_id}/messages/send/`, g.session_token, { message: 'Anyone there?' });
    await Promise.all([b.alerts.tick(), c.alerts.tick()]);
    for (let step = 0; step < 3; step++) {
      clock.advance(10 * MIN);
      await Promise.all([b.alerts.tick(), c.alerts.tick(), b.alerts.tick(), c.alerts.tick()]);
    }
    const fired = alertsFor([b, c], g.conversation_id).map((e) => (e.data as { audience: string }).audience);
    assert.deepEqual(fired.sort(), ['handler', 'manager', 'on-duty']);
  });
});
