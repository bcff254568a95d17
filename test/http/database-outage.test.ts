// While PostgreSQL is unreachable, calls answer 503 within seconds and recover by themselves.
// The server talks to PostgreSQL through a TCP proxy this test can cut and restore.
import assert from 'node:assert/strict';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { client, guest, login, type Client } from '../helpers/http.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { need, POSTGRES_URL } from '../helpers/services.js';

const available = await need('postgres');

class CuttableProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;
  constructor(private readonly target: URL) {}

  async open(): Promise<void> {
    if (this.server) return;
    this.server = createServer((incoming) => {
      const outgoing = connect({ host: this.target.hostname, port: Number(this.target.port || 5432) });
      for (const s of [incoming, outgoing]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      incoming.pipe(outgoing).pipe(incoming);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  async cut(): Promise<void> {
    const s = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (s ? s.close(() => resolve()) : resolve()));
  }
}

describe('database outage', { skip: !available && 'PostgreSQL is not available' }, () => {
  let proxy: CuttableProxy;
  let server: TestServer;
  let api: Client;
  before(async () => {
    proxy = new CuttableProxy(new URL(POSTGRES_URL));
    await proxy.open();
    const url = new URL(POSTGRES_URL);
    url.host = `127.0.0.1:${proxy.port}`;
    server = await startTestServer({ databaseUrl: url.toString() });
    api = client(server.url);
  });
  after(async () => {
    await proxy.open();
    await server.close();
    await proxy.cut();
  });

  it('answers 503 within a few seconds while the database is away, and recovers without a restart', { timeout: 60_000 }, async () => {
    const sarah = await login(api, 'sarah');
    const g = await guest(api, 101);
    const sent = await api.post(`/chat/hotel-abc/conversations/${g.conversation_id}/messages/send/`, g.session_token, { message: 'before the outage' });
    assert.equal(sent.status, 201);

    await proxy.cut();
    const started = Date.now();
    const during = await api.post(`/chat/hotel-abc/conversations/${g.conversation_id}/messages/send/`, g.session_token, { message: 'during' });
    assert.equal(during.status, 503);
    assert.equal(during.body.code, 'unavailable');
    assert.ok(Date.now() - started < 8000, `answered after ${Date.now() - started} ms`);
    const ready = await api.get('/readyz');
    assert.equal(ready.status, 503);
    assert.equal(ready.body.database, 'down');
    assert.equal((await api.get('/healthz')).status, 200, 'the process itself stays up');

    await proxy.open();
    let list = await api.get('/chat/hotel-abc/conversations/', sarah);
    for (let i = 0; i < 20 && list.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 250));
      list = await api.get('/chat/hotel-abc/conversations/', sarah);
    }
    assert.equal(list.status, 200);
    const messages = await api.get(`/chat/hotel-abc/conversations/${g.conversation_id}/messages/`, sarah);
    assert.deepEqual(messages.body.map((m: any) => m.message), ['before the outage'], 'what succeeded is kept; what failed was not half-written');
    assert.equal((await api.get('/readyz')).status, 200);
  });
});
