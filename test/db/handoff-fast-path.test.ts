// The send fast path (messages.appendUnlessHandoff, one SQL statement) repeats handoff.ts's rule
// for speed. This table holds the two together: on every combination of sender, current handler
// and conversation state, the statement stores the message exactly when sendChangesNothing says
// the send changes nothing else — and stores nothing otherwise, leaving the rest to the domain.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkIn } from '../../src/domain/admin.js';
import { sendChangesNothing } from '../../src/domain/handoff.js';
import type { Conversation } from '../../src/domain/ports.js';
import { worldForFile } from '../helpers/domain.js';

describe('the send fast path agrees with the handoff rule', () => {
  const w = worldForFile();

  it('on every combination of sender, current handler and conversation state', async () => {
    const [sarah, mike] = [(await w.staff('sarah')).staff, (await w.staff('mike')).staff];
    const handlers = [null, sarah.id, mike.id];
    const senders = [{ name: 'guest', staffId: null }, { name: 'sarah', staffId: sarah.id }, { name: 'mike', staffId: mike.id }];
    let room = 106;
    let checked = 0;
    for (const status of ['open', 'closed'] as const) {
      for (const handler of handlers) {
        const { result } = await checkIn(w.deps, { kind: 'system' }, 'hotel-abc', room++, { guestName: 'Table Guest' });
        const id = result.conversationId;
        await w.deps.store.transaction(async (tx) => {
          await tx.conversations.setHandler(id, handler, w.clock.now());
          if (status === 'closed') await tx.conversations.close(id, w.clock.now());
        });
        for (const sender of senders) {
          const state: Pick<Conversation, 'currentStaffId' | 'status'> = { currentStaffId: handler, status };
          const expected = sendChangesNothing(state, sender);
          const before = await w.deps.store.read((r) => r.messages.latestMessageId(id));
          const out = await w.deps.store.read((r) =>
            r.messages.appendUnlessHandoff({
              conversationId: id, hotelId: sarah.hotelId, senderType: sender.staffId === null ? 'guest' : 'staff', staffId: sender.staffId,
              body: `from ${sender.name}`, clientMessageId: `table-${id}-${sender.name}`, createdAt: w.clock.now(),
            }),
          );
          const label = `${sender.name} → ${status} conversation handled by ${handler ?? 'nobody'}`;
          assert.ok(out, label);
          assert.equal(out.id !== null, expected, `${label}: stored by the fast path`);
          assert.equal(out.conversation.currentStaffId, handler, `${label}: the handler is untouched`);
          const after = await w.deps.store.read((r) => r.messages.latestMessageId(id));
          assert.equal(after, expected ? out.id : before, `${label}: nothing else stored`);
          checked += 1;
        }
      }
    }
    assert.equal(checked, 18);
  });

  it('answers nothing for another hotel\'s conversation', async () => {
    const olga = (await w.staff('olga')).staff;
    const out = await w.deps.store.read((r) =>
      r.messages.appendUnlessHandoff({ conversationId: 123, hotelId: olga.hotelId, senderType: 'staff', staffId: olga.id, body: 'x', clientMessageId: null, createdAt: w.clock.now() }),
    );
    assert.equal(out, undefined);
  });
});
