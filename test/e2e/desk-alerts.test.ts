// A released conversation that nobody takes re-alerts the desk: Emma, on duty, sees "Room 104
// needs cover" on her dashboard and opens it from the alert. The server's clock is set by the
// test, and its alert poller ticked by hand, so five minutes pass at once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClock } from '../helpers/domain.js';
import { api, inboxItem, person, signIn, skipReason, startWorld, PASSWORD } from './support.js';
import type { World } from './support.js';

describe('desk alerts in the dashboard', { skip: skipReason() }, () => {
  let world: World;
  const clock = new TestClock(Date.now());
  before(async () => {
    world = await startWorld({ clock, alertPollMs: 3_600_000 });
  });
  after(async () => {
    await world?.close();
  });

  const token = async (username: string) => (await api(world, '/auth/login/', { method: 'POST', body: { username, password: PASSWORD } })).body!.token as string;

  it('re-alerts everyone on duty when a released conversation is not taken, and the alert opens it', async () => {
    const emma = await person(world, 'emma');
    await signIn(emma, world.url, 'emma');
    const [emmaToken, john] = [await token('emma'), await token('john')];
    assert.equal((await api(world, '/chat/hotel-abc/duty/', { method: 'POST', token: emmaToken, body: { on_duty: true } })).status, 200);
    const room = (await api(world, '/chat/hotel-abc/conversations/', { token: john })).body as unknown as Array<{ conversation_id: number; room_number: number }>;
    const id = room.find((c) => c.room_number === 104)!.conversation_id;
    await api(world, `/chat/hotel-abc/conversations/${id}/assign-staff/`, { method: 'POST', token: john });
    assert.equal((await api(world, `/chat/hotel-abc/conversations/${id}/release/`, { method: 'POST', token: john, body: { reason: 'lunch' } })).status, 200);
    await inboxItem(emma, '104').getByText('Needs cover').waitFor();

    await world.server.alerts.tick(); // the wait is scheduled
    clock.advance(5 * 60_000);
    await world.server.alerts.tick(); // five minutes later: everyone on duty is alerted
    const alert = emma.getByRole('alert').getByText(/Room 104 needs cover/);
    await alert.waitFor();
    await emma.getByRole('button', { name: 'Open room 104' }).click();
    await emma.getByTestId('handler-line').getByText('You are handling this conversation').waitFor();
    assert.equal(await emma.getByRole('alert').getByText(/Room 104 needs cover/).count(), 0, 'the alert is gone once opened');
  });
});
