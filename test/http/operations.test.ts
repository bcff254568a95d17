// Health, readiness, metrics, API docs and the shape of every error.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serverForFile } from '../helpers/server.js';

const ctx = serverForFile();

describe('operations endpoints', () => {
  it('reports the process up and the database ready', async () => {
    assert.deepEqual((await ctx.api.get('/healthz')).body, { status: 'ok' });
    const ready = await ctx.api.get('/readyz');
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.body, { status: 'ok', database: 'up', redis: 'disabled' });
  });

  it('serves Prometheus metrics that count requests', async () => {
    await ctx.api.get('/healthz');
    const res = await fetch(`${ctx.server.url}/metrics`);
    assert.match(res.headers.get('content-type') ?? '', /text\/plain/);
    const text = await res.text();
    assert.match(text, /concierge_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    assert.match(text, /process_resident_memory_bytes/);
  });

  it('publishes the OpenAPI document and its UI', async () => {
    const doc = await ctx.api.get('/openapi.json');
    assert.equal(doc.status, 200);
    assert.equal(doc.body.openapi.startsWith('3.'), true);
    const send = doc.body.paths['/chat/{hotel_slug}/conversations/{conversation_id}/messages/send/'];
    assert.ok(send.post.requestBody, 'the send body is documented');
    assert.ok(send.post.responses['201']);
    assert.ok(doc.body.paths['/chat/{hotel_slug}/conversations/{conversation_id}/assign-staff/'].post.responses['200']);
    const ui = await fetch(`${ctx.server.url}/docs`, { redirect: 'follow' });
    assert.equal(ui.status, 200);
    assert.match(await ui.text(), /swagger/i);
  });

  it('answers unknown paths and wrong ids with JSON 404s and never with a stack trace', async () => {
    const nothing = await ctx.api.get('/no/such/thing');
    assert.equal(nothing.status, 404);
    assert.equal(nothing.body.code, 'not_found');
    const token = (await ctx.api.post('/auth/login/', undefined, { username: 'sarah', password: 'demo-pass-1234' })).body.token;
    const missing = await ctx.api.get('/chat/hotel-abc/conversations/999999/messages/', token);
    assert.equal(missing.status, 404);
    const badId = await ctx.api.get('/chat/hotel-abc/conversations/abc/messages/', token);
    assert.equal(badId.status, 400);
    const unknownHotel = await ctx.api.get('/chat/Not_A_Slug/conversations/', token);
    assert.equal(unknownHotel.status, 400);
    for (const r of [nothing, missing, badId, unknownHotel]) assert.doesNotMatch(JSON.stringify(r.body), /at .*\.ts:\d+|stack/);
  });

});
