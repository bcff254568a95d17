// What must never cross from one side to the other: an internal note never reaches the guest's
// app, and a guest's forged client-typing that claims to be staff never shows as a colleague.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Pusher, release, trackTransports } from '../helpers/pusher-js.js';
import { api, guestSays, inboxItem, joinAsGuest, person, PHONE, signIn, skipReason, startWorld } from './support.js';
import type { World } from './support.js';

describe('front desk privacy and identity', { skip: skipReason() }, () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => {
    await world?.close();
  });

  it('an internal note is shown to colleagues live and never in the guest app', async () => {
    const [sarah, john, guest] = await Promise.all([person(world, 'sarah'), person(world, 'john'), person(world, 'guest-101', PHONE)]);
    await Promise.all([signIn(sarah, world.url, 'sarah'), signIn(john, world.url, 'john'), joinAsGuest(guest, world.url, '101')]);
    await guestSays(guest, 'Is the spa open tonight?');
    await inboxItem(sarah, '101').click();
    await inboxItem(john, '101').click();
    await john.getByRole('button', { name: 'Just read' }).click().catch(() => undefined);
    await sarah.getByRole('button', { name: /Internal notes/ }).click();
    await sarah.getByLabel('Internal note for colleagues').fill('Secret: guest is a hotel inspector');
    await sarah.getByRole('button', { name: 'Add note' }).click();
    await sarah.getByRole('list', { name: 'Internal notes' }).getByText('Secret: guest is a hotel inspector').waitFor();
    await john.getByRole('list', { name: 'Internal notes' }).getByText('Secret: guest is a hotel inspector').waitFor();

    await guest.reload();
    await guest.locator('.gmessages').getByText('Is the spa open tonight?').waitFor();
    assert.equal(await guest.getByText('inspector', { exact: false }).count(), 0);
    assert.ok(!(await guest.content()).includes('inspector'));
  });

  it('a guest’s client-typing that claims to be Mike shows as the guest typing, never as Mike', async () => {
    const sarah = await person(world, 'sarah');
    await signIn(sarah, world.url, 'sarah');
    const init = await api(world, '/chat/hotel-abc/guest-session/room/102/initialize/', { method: 'POST', body: { pin: '1234' } });
    const token = String(init.body?.session_token);
    await inboxItem(sarah, '102').click();
    await sarah.getByTestId('handler-line').getByText('You are handling this conversation').waitFor();

    const config = (await api(world, '/pusher/config/', { token })).body ?? {};
    const url = new URL(world.url);
    const headers = { Authorization: `Bearer ${token}` };
    const forger = trackTransports(
      new Pusher(String(config.key), {
        cluster: 'mt1',
        wsHost: url.hostname,
        wsPort: Number(url.port),
        forceTLS: false,
        enabledTransports: ['ws'],
        channelAuthorization: { endpoint: `${world.url}/pusher/auth/`, transport: 'ajax', headers },
        userAuthentication: { endpoint: `${world.url}/pusher/user-auth/`, transport: 'ajax', headers },
      }),
    );
    try {
      forger.signin();
      const channel = forger.subscribe('private-hotel-abc-room-102-chat');
      await new Promise<void>((resolve, reject) => {
        channel.bind('pusher:subscription_succeeded', () => resolve());
        channel.bind('pusher:subscription_error', (e: unknown) => reject(new Error(JSON.stringify(e))));
      });
      await forger.user.signinDonePromise;
      const forged = { sender_type: 'staff', typing: true, staff_id: 2, name: 'Mike Thompson' };
      const typingLine = sarah.locator('.typing-line');
      const until = Date.now() + 10_000;
      while (!/is typing/.test(await typingLine.innerText()) && Date.now() < until) {
        channel.trigger('client-typing', forged);
        await new Promise((r) => setTimeout(r, 500));
      }
      const text = await typingLine.innerText();
      assert.match(text, /is typing/, 'the event arrived and was attributed to someone');
      assert.doesNotMatch(text, /Mike/);
      assert.equal(await inboxItem(sarah, '102').getByText('Mike', { exact: false }).count(), 0);
    } finally {
      release(forger);
    }
  });
});
