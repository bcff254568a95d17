// Concurrent handoffs on one conversation serialize: handler, history and events agree on one order.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { guest, login } from '../helpers/http.js';
import { payload, serverForFile } from '../helpers/server.js';

const ctx = serverForFile();

describe('concurrent assign-staff and send', () => {
  it('leaves the handler equal to the last history entry, one history row and one event per change, no lost or doubled message', { timeout: 90_000 }, async () => {
    const names = ['sarah', 'mike', 'john', 'emma'];
    const tokens = await Promise.all(names.map((n) => login(ctx.api, n)));
    const g = await guest(ctx.api, 101);
    const base = `/chat/hotel-abc/conversations/${g.conversation_id}`;
    const calls: Array<Promise<{ status: number; kind: string; body: any }>> = [];
    let sends = 0;
    for (let i = 0; i < 80; i++) {
      const token = tokens[(i * 7) % tokens.length]!;
      if (i % 3 === 0) {
        sends++;
        calls.push(ctx.api.post(`${base}/messages/send/`, token, { message: `staff ${i}`, client_message_id: `s-${i}` }).then((r) => ({ ...r, kind: 'send' })));
      } else if (i % 5 === 0) {
        sends++;
        calls.push(ctx.api.post(`${base}/messages/send/`, g.session_token, { message: `guest ${i}` }).then((r) => ({ ...r, kind: 'send' })));
      } else {
        calls.push(ctx.api.post(`${base}/assign-staff/`, token).then((r) => ({ ...r, kind: 'assign' })));
      }
    }
    // a retried send with the same client id while the burst runs: still one message
    calls.push(ctx.api.post(`${base}/messages/send/`, tokens[0], { message: 'staff 0', client_message_id: 's-0' }).then((r) => ({ ...r, kind: 'retry' })));
    const results = await Promise.all(calls);
    for (const r of results) assert.ok(r.status === 200 || r.status === 201, `${r.kind}: ${r.status} ${JSON.stringify(r.body)}`);

    const history = (await ctx.api.get<any[]>(`${base}/assignments/`, tokens[0])).body;
    const list = (await ctx.api.get<any[]>('/chat/hotel-abc/conversations/', tokens[0])).body;
    const handler = list.find((c) => c.conversation_id === g.conversation_id).current_handler;
    assert.equal(handler.id, history.at(-1).staff.id, 'handler is the last history entry');
    for (let i = 1; i < history.length; i++) {
      assert.notEqual(history[i].staff.id, history[i - 1].staff.id, 'every history row is a real change');
      assert.equal(history[i].previous_staff.id, history[i - 1].staff.id, 'each change starts from the one before');
    }
    assert.equal(history[0].previous_staff, null);
    const changed = results.filter((r) => r.kind === 'assign' && r.body.changed).length;
    const replied = history.filter((h) => h.reason === 'replied').length;
    assert.equal(history.length - replied, changed, 'one row per assign that answered changed: true');

    const assigned = (channel: string) => ctx.server.events.filter((e) => e.name === 'staff-assigned' && e.channel === channel);
    const roomEvents = assigned('private-hotel-abc-room-101-chat');
    assert.deepEqual(roomEvents.map((e) => payload(e).staff_id), history.map((h) => h.staff.id), 'guest events follow the history, once each');
    const convoEvents = assigned(`private-hotel-abc-conversation-${g.conversation_id}-chat`);
    assert.deepEqual(convoEvents.map((e) => payload(e).staff.id), history.map((h) => h.staff.id));
    assert.equal(assigned('private-hotel-abc-staff-inbox').length, history.length);

    const messages = (await ctx.api.get<any[]>(`${base}/messages/?limit=200`, tokens[0])).body;
    assert.equal(messages.length, sends, 'every send stored once');
    assert.equal(new Set(messages.map((m) => m.message)).size, sends);
    const ids = messages.map((m) => m.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
  });
});
