// Who may watch what: the subscription rule over every channel name the contract has, for every
// kind of caller (the names are parsed by the contract edge, the rule is the domain's).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { channels, parseChannel } from '../../src/contract/channels.js';
import { subscriptionRefusal } from '../../src/domain/access.js';
import { worldForFile } from '../helpers/domain.js';

describe('channel names', () => {
  it('parse back to what they name, and nothing else parses', () => {
    assert.deepEqual(parseChannel(channels.room('hotel-abc', 101)), { hotel: 'hotel-abc', kind: 'room', room: 101 });
    assert.deepEqual(parseChannel(channels.conversation('hotel-abc', 123)), { hotel: 'hotel-abc', kind: 'conversation', conversationId: 123 });
    assert.deepEqual(parseChannel(channels.inbox('hotel-abc')), { hotel: 'hotel-abc', kind: 'inbox' });
    assert.deepEqual(parseChannel(channels.staff('hotel-abc', 7)), { hotel: 'hotel-abc', kind: 'staff', staffId: 7 });
    assert.deepEqual(parseChannel(channels.presence('hotel-abc')), { hotel: 'hotel-abc', kind: 'presence' });
    assert.deepEqual(parseChannel('private-my-staff-staff-inbox'), { hotel: 'my-staff', kind: 'inbox' });
    for (const bad of ['hotel-abc-room-101-chat', 'private-hotel-abc-staff', 'presence-hotel-abc-staff-inbox', 'private-hotel-abc-room-x-chat', 'private--room-1-chat', 'private-HOTEL-staff-inbox', '']) {
      assert.equal(parseChannel(bad), null, bad);
    }
  });
});

describe('subscription rule', () => {
  const w = worldForFile();

  it('lets staff watch their own hotel but not a colleague\'s own channel or another hotel', async () => {
    const sarah = await w.staff('sarah');
    const mikeId = (await w.staff('mike')).staff.id;
    const refusal = (name: string) => subscriptionRefusal(sarah, parseChannel(name));
    assert.equal(refusal(channels.room('hotel-abc', 101)), null);
    assert.equal(refusal(channels.conversation('hotel-abc', 123)), null);
    assert.equal(refusal(channels.inbox('hotel-abc')), null);
    assert.equal(refusal(channels.presence('hotel-abc')), null);
    assert.equal(refusal(channels.staff('hotel-abc', sarah.staff.id)), null);
    assert.match(refusal(channels.staff('hotel-abc', mikeId)) ?? '', /another staff member/);
    assert.match(refusal(channels.inbox('hotel-xyz')) ?? '', /another hotel/);
    assert.match(refusal('private-hotel-abc-anything') ?? '', /No such channel/);
  });

  it('lets a guest watch their own room only', async () => {
    const guest = await w.guest('hotel-abc', 101);
    const refusal = (name: string) => subscriptionRefusal(guest, parseChannel(name));
    assert.equal(refusal(channels.room('hotel-abc', 101)), null);
    for (const name of [channels.room('hotel-abc', 102), channels.room('hotel-xyz', 101), channels.conversation('hotel-abc', 123), channels.inbox('hotel-abc'), channels.presence('hotel-abc')]) {
      assert.ok(refusal(name), name);
    }
  });

  it('gives the system no channel', () => {
    assert.ok(subscriptionRefusal({ kind: 'system' }, parseChannel(channels.inbox('hotel-abc'))));
  });
});
