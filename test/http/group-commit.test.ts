// Concurrent sends share statements (src/db/batcher.ts): these fire many different requests at
// once, so they meet in one statement, and check that every caller still gets exactly its own
// answer: its own message id, its own refusal, its own token's identity.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { guest, login, type Client } from '../helpers/http.js';
import { serverForFile } from '../helpers/server.js';

const ctx = serverForFile();

/** From /metrics: statements started and callers answered, for one batched statement. */
async function batches(api: Client, statement: string): Promise<{ statements: number; callers: number }> {
  const text = (await api.get<string>('/metrics')).body;
  const read = (name: string) => Number(new RegExp(`^${name}\\{statement="${statement}"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return { statements: read('concierge_db_batch_callers_count'), callers: read('concierge_db_batch_callers_sum') };
}

const sendPath = (id: number, hotel = 'hotel-abc') => `/chat/${hotel}/conversations/${id}/messages/send/`;

async function checkIn(api: Client, manager: string, room: number): Promise<{ token: string; conversationId: number }> {
  const stay = await api.post(`/admin/hotel-abc/rooms/${room}/check-in/`, manager, { guest_name: `Guest ${room}` });
  assert.equal(stay.status, 201, JSON.stringify(stay.body));
  const g = await guest(api, room, 'hotel-abc', stay.body.pin);
  return { token: g.session_token, conversationId: g.conversation_id };
}

describe('sends that share a statement', () => {
  it('answers each of 120 simultaneous sends with its own message, stored once, in its own conversation', { timeout: 60_000 }, async () => {
    const manager = await login(ctx.api, 'manager');
    const sarah = await login(ctx.api, 'sarah');
    const rooms = [];
    for (let room = 106; room <= 117; room++) rooms.push(await checkIn(ctx.api, manager, room));
    // Sarah handles every one of them, so her replies take the one-statement path too.
    for (const r of rooms) assert.equal((await ctx.api.post(`/chat/hotel-abc/conversations/${r.conversationId}/assign-staff/`, sarah)).status, 200);

    const sends = rooms.flatMap((r, i) =>
      Array.from({ length: 10 }, (_, k) => {
        const byGuest = k % 2 === 0;
        return { conversationId: r.conversationId, token: byGuest ? r.token : sarah, text: `${byGuest ? 'guest' : 'sarah'} room ${106 + i} #${k}` };
      }),
    );
    const before = await batches(ctx.api, 'send');
    const answers = await Promise.all(sends.map((s) => ctx.api.post(sendPath(s.conversationId), s.token, { message: s.text, client_message_id: s.text })));
    const after = await batches(ctx.api, 'send');
    assert.equal(after.callers - before.callers, sends.length, 'every send went through the shared statement');
    // PGlite answers within the turn that asked, so nothing ever waits there to share a statement.
    if (process.env.DATABASE_URL) assert.ok(after.statements - before.statements < sends.length, `some statements carried several sends (${after.statements - before.statements} statements)`);
    for (const [i, a] of answers.entries()) {
      const s = sends[i]!;
      assert.equal(a.status, 201, JSON.stringify(a.body));
      assert.equal(a.body.conversation_id, s.conversationId);
      assert.equal(a.body.message.message, s.text, 'the answer carries the caller’s own message');
      assert.equal(a.body.message.sender_type, s.token === sarah ? 'staff' : 'guest');
      assert.equal(a.body.duplicate, false);
    }
    assert.equal(new Set(answers.map((a) => a.body.message.id)).size, sends.length, 'every answer its own id');

    for (const r of rooms) {
      const stored = (await ctx.api.get<any[]>(`/chat/hotel-abc/conversations/${r.conversationId}/messages/?limit=200`, sarah)).body;
      const mine = answers.filter((a) => a.body.conversation_id === r.conversationId).map((a) => a.body.message);
      assert.deepEqual(stored.map((m) => [m.id, m.message]), mine.map((m) => [m.id, m.message]).sort((a, b) => a[0] - b[0]), 'stored once each, under the ids answered');
      const ids = stored.map((m) => m.id);
      assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
    }
    const handlers = (await ctx.api.get<any[]>('/chat/hotel-abc/conversations/', sarah)).body;
    for (const r of rooms) {
      const summary = handlers.find((c) => c.conversation_id === r.conversationId);
      assert.equal(summary.current_handler.id, (await ctx.api.get('/auth/me/', sarah)).body.id, 'no handoff happened');
      const last = answers.filter((a) => a.body.conversation_id === r.conversationId).map((a) => a.body.message).sort((a, b) => b.id - a.id)[0];
      assert.equal(summary.last_message, last.message, 'last activity moved to the newest message');
    }
  });

  it('gives each caller its own outcome when a handoff, a closed room, a retry, another hotel and a stale token meet', { timeout: 60_000 }, async () => {
    const manager = await login(ctx.api, 'manager');
    const [mike, emma] = await Promise.all(['mike', 'emma'].map((n) => login(ctx.api, n)));
    const olga = await login(ctx.api, 'olga');
    const open = await checkIn(ctx.api, manager, 118);
    const other = await checkIn(ctx.api, manager, 119);
    const closed = await checkIn(ctx.api, manager, 120);
    await ctx.api.post(`/chat/hotel-abc/conversations/${open.conversationId}/assign-staff/`, mike);
    await ctx.api.post(`/chat/hotel-abc/conversations/${other.conversationId}/assign-staff/`, mike);
    const first = await ctx.api.post(sendPath(closed.conversationId), closed.token, { message: 'before check-out', client_message_id: 'c-1' });
    assert.equal(first.status, 201);
    assert.equal((await ctx.api.post('/admin/hotel-abc/rooms/120/check-out/', manager)).status, 200);
    const loggedOut = await login(ctx.api, 'john');
    assert.equal((await ctx.api.post('/auth/logout/', loggedOut)).status, 204);
    const retried = await ctx.api.post(sendPath(other.conversationId), other.token, { message: 'once', client_message_id: 'o-1' });
    assert.equal(retried.status, 201);

    const [handler, takeover, guestMsg, retry, closedSend, foreign, stale, wrongRoom] = await Promise.all([
      ctx.api.post(sendPath(open.conversationId), mike, { message: 'mike, the handler' }),
      ctx.api.post(sendPath(other.conversationId), emma, { message: 'emma takes over' }),
      ctx.api.post(sendPath(open.conversationId), open.token, { message: 'the guest' }),
      ctx.api.post(sendPath(other.conversationId), other.token, { message: 'once', client_message_id: 'o-1' }),
      ctx.api.post(sendPath(closed.conversationId), manager, { message: 'after check-out' }),
      ctx.api.post(sendPath(open.conversationId, 'hotel-xyz'), olga, { message: 'another hotel' }),
      ctx.api.post(sendPath(open.conversationId), loggedOut, { message: 'logged out' }),
      ctx.api.post(sendPath(open.conversationId), other.token, { message: 'not my room' }),
    ]);
    assert.equal(handler.status, 201);
    assert.equal(handler.body.staff_info.name, 'Mike Thompson');
    assert.equal(takeover.status, 201, JSON.stringify(takeover.body));
    assert.equal(takeover.body.staff_info.name, 'Emma Brown');
    assert.equal(guestMsg.status, 201);
    assert.equal(guestMsg.body.message.sender_type, 'guest');
    assert.equal(retry.status, 201);
    assert.equal(retry.body.duplicate, true);
    assert.equal(retry.body.message.id, retried.body.message.id);
    assert.equal(closedSend.status, 409);
    assert.equal(foreign.status, 404, 'another hotel’s conversation id is not found in Olga’s hotel');
    assert.equal(stale.status, 401);
    assert.equal(wrongRoom.status, 404);

    const history = (await ctx.api.get<any[]>(`/chat/hotel-abc/conversations/${other.conversationId}/assignments/`, mike)).body;
    assert.deepEqual(history.map((h) => [h.staff.name, h.reason]), [['Mike Thompson', 'opened'], ['Emma Brown', 'replied']], 'the takeover went through the handoff');
    const stored = (await ctx.api.get<any[]>(`/chat/hotel-abc/conversations/${open.conversationId}/messages/`, mike)).body;
    assert.deepEqual(stored.map((m) => m.message).sort(), ['mike, the handler', 'the guest']);
    const closedStored = (await ctx.api.get<any[]>(`/chat/hotel-abc/conversations/${closed.conversationId}/messages/`, manager)).body;
    assert.deepEqual(closedStored.map((m) => m.message), ['before check-out']);
  });

  it('answers every send of one statement with its own outcome', { timeout: 60_000 }, async () => {
    const manager = await login(ctx.api, 'manager');
    const mike = await login(ctx.api, 'mike');
    const emma = await login(ctx.api, 'emma');
    const me = async (token: string) => (await ctx.api.get('/auth/me/', token)).body.id as number;
    const [mikeId, emmaId] = await Promise.all([me(mike), me(emma)]);
    const hotel = (await ctx.server.deps.store.read((r) => r.hotels.findBySlug('hotel-abc')))!;
    const xyz = (await ctx.server.deps.store.read((r) => r.hotels.findBySlug('hotel-xyz')))!;
    const a = await guest(ctx.api, 103);
    const b = await guest(ctx.api, 104);
    const c = await guest(ctx.api, 105);
    for (const g of [a, b]) await ctx.api.post(`/chat/hotel-abc/conversations/${g.conversation_id}/assign-staff/`, mike);
    const kept = await ctx.api.post(sendPath(c.conversation_id), c.session_token, { message: 'kept', client_message_id: 'k-1' });
    const base = { hotelId: hotel.id, staffId: null, senderType: 'guest' as const, clientMessageId: null, createdAt: new Date() };
    const asks = [
      { ...base, conversationId: a.conversation_id, body: 'guest of a' },
      { ...base, conversationId: b.conversation_id, body: 'mike replies', senderType: 'staff' as const, staffId: mikeId },
      { ...base, conversationId: c.conversation_id, body: 'emma would take over', senderType: 'staff' as const, staffId: emmaId },
      { ...base, conversationId: c.conversation_id, body: 'kept', clientMessageId: 'k-1' },
      { ...base, conversationId: 999_999, body: 'no such conversation' },
      { ...base, conversationId: a.conversation_id, hotelId: xyz.id, body: 'another hotel' },
      { ...base, conversationId: a.conversation_id, body: 'guest of a, again' },
    ];
    const before = await batches(ctx.api, 'send');
    const outcomes = await ctx.server.deps.store.read((r) => Promise.all(asks.map((m) => r.messages.appendUnlessHandoff(m))));
    const after = await batches(ctx.api, 'send');
    // Asked in one turn: one statement, then one more for each further ask of a's conversation id.
    assert.deepEqual({ statements: after.statements - before.statements, callers: after.callers - before.callers }, { statements: 3, callers: asks.length });
    const [guestA, handlerB, takeover, retry, missing, foreign, againA] = outcomes;
    assert.ok(guestA?.id && handlerB?.id && againA?.id, JSON.stringify(outcomes));
    assert.ok(againA.id > guestA.id, 'the second send to one conversation went after the first');
    assert.equal(guestA.conversation.id, a.conversation_id);
    assert.equal(handlerB.conversation.id, b.conversation_id);
    assert.deepEqual([takeover?.id, takeover?.conversation.currentStaffId], [null, null], 'a reply by a non-handler is left to the handoff path');
    assert.deepEqual([retry?.id, retry?.conversation.id], [null, c.conversation_id], 'a repeated client id stores nothing');
    assert.equal(missing, undefined);
    assert.equal(foreign, undefined);
    const stored = async (id: number) => (await ctx.api.get<any[]>(`/chat/hotel-abc/conversations/${id}/messages/`, manager)).body.map((m) => [m.id, m.message]);
    assert.deepEqual(await stored(a.conversation_id), [[guestA.id, 'guest of a'], [againA.id, 'guest of a, again']]);
    assert.deepEqual(await stored(b.conversation_id), [[handlerB.id, 'mike replies']]);
    assert.deepEqual(await stored(c.conversation_id), [[kept.body.message.id, 'kept']]);
  });

  it('fails only the caller whose value the database refuses, not the others in its statement', { timeout: 60_000 }, async () => {
    const manager = await login(ctx.api, 'manager');
    const hotel = (await ctx.server.deps.store.read((r) => r.hotels.findBySlug('hotel-abc')))!;
    const rooms: Array<Awaited<ReturnType<typeof guest>>> = [];
    for (const room of [110, 111, 112]) rooms.push(await guest(ctx.api, room, 'hotel-abc', (await ctx.api.post(`/admin/hotel-abc/rooms/${room}/check-in/`, manager, { guest_name: `Guest ${room}` })).body.pin));
    const ask = (i: number, body: string) => ({
      conversationId: rooms[i]!.conversation_id, hotelId: hotel.id, senderType: 'guest' as const, staffId: null, body, clientMessageId: null, createdAt: new Date(),
    });
    // NUL never gets this far over HTTP (see below); here it stands for any value PostgreSQL refuses.
    const outcomes = await ctx.server.deps.store.read((r) =>
      Promise.allSettled([ask(0, 'fine'), ask(1, 'bad \u0000 value'), ask(2, 'also fine')].map((m) => r.messages.appendUnlessHandoff(m))),
    );
    assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'rejected', 'fulfilled']);
    const refused = outcomes[1] as PromiseRejectedResult;
    assert.match(String((refused.reason as { code?: string }).code), /^22/, 'PostgreSQL’s own refusal, for that caller alone');
    const stored = async (i: number) => (await ctx.api.get<any[]>(`/chat/hotel-abc/conversations/${rooms[i]!.conversation_id}/messages/`, manager)).body.map((m) => m.message);
    assert.deepEqual([await stored(0), await stored(1), await stored(2)], [['fine'], [], ['also fine']]);

    const nul = await ctx.api.post(sendPath(rooms[1]!.conversation_id), rooms[1]!.session_token, { message: 'a\u0000b' });
    assert.equal(nul.status, 400);
    assert.equal(nul.body.code, 'invalid_request');
    const half = await ctx.api.post(sendPath(rooms[1]!.conversation_id), rooms[1]!.session_token, { message: 'half an emoji \ud83d' });
    assert.equal(half.status, 201);
    assert.equal(half.body.message.message, 'half an emoji \ufffd', 'a lone surrogate is stored as U+FFFD');
    assert.deepEqual(await stored(1), ['half an emoji \ufffd']);
    // Elsewhere a value PostgreSQL refuses is the caller's error too, not a 500.
    const name = await ctx.api.post('/admin/hotel-abc/rooms/113/check-in/', manager, { guest_name: 'Nul \u0000 Name' });
    assert.equal(name.status, 400, JSON.stringify(name.body));
    assert.equal(name.body.code, 'invalid_request');
  });

  it('resolves every token of a burst to its own caller, valid or not', { timeout: 60_000 }, async () => {
    const names = ['sarah', 'mike', 'john', 'emma', 'manager', 'olga'];
    const tokens = await Promise.all(names.map((n) => login(ctx.api, n)));
    const g = await guest(ctx.api, 102);
    const asks = [...tokens, g.session_token, 'cst_not-a-token', 'cgs_not-a-token', ...tokens, g.session_token];
    const before = await batches(ctx.api, 'staff-token');
    const answers = await Promise.all(asks.map((t) => (t.startsWith('cgs_') ? ctx.api.get(`/chat/guest-session/${t}/validate/`) : ctx.api.get('/auth/me/', t))));
    for (const [i, a] of answers.entries()) {
      const t = asks[i]!;
      if (t.endsWith('not-a-token')) {
        assert.ok(a.status === 401 || (a.status === 200 && a.body.valid === false), `${t}: ${a.status} ${JSON.stringify(a.body)}`);
      } else if (t.startsWith('cgs_')) {
        assert.equal(a.status, 200);
        assert.equal(a.body.room_number, 102);
      } else {
        assert.equal(a.status, 200, JSON.stringify(a.body));
        assert.equal(a.body.username, names[tokens.indexOf(t)]);
      }
    }
    const after = await batches(ctx.api, 'staff-token');
    assert.ok(after.statements - before.statements < after.callers - before.callers, 'some token lookups shared a statement');
  });
});
