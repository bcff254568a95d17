// Requests are bounded through real sockets: slow headers and bodies get a JSON 408, an oversized
// body a 413 that a Node client can read, a message flood 429, a hashing burst 503, never a 500.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { describe, it } from 'node:test';
import { argon2Hasher } from '../../src/db/password-hasher.js';
import { AppError } from '../../src/domain/errors.js';
import { guest, login } from '../helpers/http.js';
import { serverForFile } from '../helpers/server.js';

const ctx = serverForFile({ env: { HTTP_HEADERS_TIMEOUT_SECONDS: '1', HTTP_REQUEST_TIMEOUT_SECONDS: '1', SEND_LIMIT_PER_MINUTE: '5' } });

/** Writes `text` on a raw connection, sends nothing more, and returns everything the server says until it closes. */
function rawExchange(url: string, text: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => socket.write(text));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (answer += d));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

const statusOf = (raw: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1]);
const jsonOf = (raw: string) => JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)) as { error: string; code: string };

describe('request bounds', () => {
  it('answers 408 with JSON to headers that never finish', async () => {
    const raw = await rawExchange(ctx.server.url, 'GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ');
    assert.equal(statusOf(raw), 408);
    assert.equal(jsonOf(raw).code, 'timeout');
  });

  it('answers 408 with JSON to a body trickled too slowly', async () => {
    const head = 'POST /auth/login/ HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"username":';
    const raw = await rawExchange(ctx.server.url, head);
    assert.equal(statusOf(raw), 408);
    assert.deepEqual(Object.keys(jsonOf(raw)).sort(), ['code', 'error']);
  });

  it('answers an 8 MiB body with a 413 that a Node client reads (no EPIPE)', async () => {
    const body = Buffer.alloc(8 * 1024 * 1024, 'a');
    const { hostname, port } = new URL(ctx.server.url);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: hostname, port, method: 'POST', path: '/auth/login/', headers: { 'content-type': 'application/json', 'content-length': body.length } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.end(body);
    });
    assert.equal(answer.status, 413);
    assert.equal(JSON.parse(answer.body).code, 'too_large');
  });

  it('paces one sender’s messages with 429 and Retry-After, without slowing anyone else', async () => {
    const g = await guest(ctx.api, 102);
    const send = (token: string, i: number) => ctx.api.post(`/chat/hotel-abc/conversations/${g.conversation_id}/messages/send/`, token, { message: `flood ${i}` });
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => send(g.session_token, i)));
    assert.equal(answers.filter((a) => a.status === 201).length, 5);
    const limited = answers.filter((a) => a.status === 429);
    assert.equal(limited.length, 3);
    for (const a of limited) {
      assert.equal(a.body.code, 'rate_limited');
      assert.ok(Number(a.headers.get('retry-after')) >= 1);
    }
    const sarah = await login(ctx.api, 'sarah');
    assert.equal((await send(sarah, 99)).status, 201, 'staff on the same address are paced separately');
    const metrics = await ctx.api.get('/metrics');
    assert.match(String(metrics.body), /concierge_http_limit_reached_total\{limit="message_send"\} 3/);
  });
});

describe('password hashing bound', () => {
  it('runs at most `concurrency` hashes, queues `queue` more and refuses the rest at once with 503', async () => {
    const hasher = argon2Hasher({ concurrency: 1, queue: 2 });
    const stored = await hasher.hash('a-password-of-someone');
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => hasher.verify(stored, 'a-wrong-guess')));
    assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'fulfilled', 'fulfilled', ...Array<string>(7).fill('rejected')]);
    for (const o of outcomes) {
      if (o.status === 'rejected') {
        assert.ok(o.reason instanceof AppError);
        assert.equal(o.reason.code, 'unavailable');
        assert.equal(o.reason.details?.retry_after, 1);
      }
    }
    assert.equal(await hasher.verify(stored, 'a-password-of-someone'), true, 'the queue frees up again');
  });
});
