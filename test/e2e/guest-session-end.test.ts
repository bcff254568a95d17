// How a guest's chat ends, or seems to: the server out of reach (and back), and check-out,
// also when it lands before the chat's live connection is authorized.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { api, joinAsGuest, PASSWORD, person, PHONE, skipReason, startWorld } from './support.js';
import type { World } from './support.js';

const guestLog = (page: Page) => page.locator('.gmessages');

describe('the end of a guest session in the browser', { skip: skipReason() }, () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => {
    await world?.close();
  });

  it('says so when the server cannot be reached, and recovers', async () => {
    const guest = await person(world, 'guest-104', PHONE);
    await joinAsGuest(guest, world.url, '104');
    await guest.route('**/chat/**', (route) => route.abort('connectionrefused'));
    await guest.getByLabel('Your message').fill('Are you there?');
    await guest.getByRole('button', { name: 'Send message' }).click();
    await guestLog(guest).getByText('Not sent.').waitFor();
    await guest.getByRole('alert').getByText("Can't reach the server").first().waitFor();
    await guest.unroute('**/chat/**');
    await guest.getByRole('button', { name: 'Retry' }).click();
    await guestLog(guest).locator('.gmsg-mine:not(.pending)').getByText('Are you there?').waitFor();
    assert.equal(await guestLog(guest).getByText('Not sent.').count(), 0);

    // A reload while the server is away shows why, then gets in by itself once it is back.
    await guest.route('**/chat/**', (route) => route.abort('connectionrefused'));
    await guest.reload();
    await guest.getByRole('alert').getByText("Can't reach the server").first().waitFor();
    await guest.unroute('**/chat/**');
    await guestLog(guest).getByText('Are you there?').waitFor({ timeout: 15_000 });
  });

  it('ends the chat with a clear message when the stay is checked out', async () => {
    const guest = await person(world, 'guest-102', PHONE);
    await joinAsGuest(guest, world.url, '102');
    const login = await api(world, '/auth/login/', { method: 'POST', body: { username: 'manager', password: PASSWORD } });
    const token = String(login.body?.token);
    const out = await api(world, '/admin/hotel-abc/rooms/102/check-out/', { method: 'POST', token });
    assert.equal(out.status, 200);
    await guest.getByText('This chat has ended').waitFor();
    await guest.getByLabel('Room PIN').fill('1234');
    await guest.getByRole('button', { name: 'Start chat' }).click();
    // The old PIN is refused like any wrong PIN: the server does not tell who stays in a room.
    await guest.getByRole('alert').getByText("That PIN isn't right for this room").waitFor();
    await guest.getByRole('alert').getByText('if your stay has ended', { exact: false }).waitFor();
  });

  it('ends the chat too when the check-out lands before its live connection is authorized', async () => {
    const login = await api(world, '/auth/login/', { method: 'POST', body: { username: 'manager', password: PASSWORD } });
    const token = String(login.body?.token);
    const stay = await api(world, '/admin/hotel-abc/rooms/106/check-in/', { method: 'POST', token, body: { guest_name: 'Rosa Parks' } });
    assert.equal(stay.status, 201);
    const guest = await person(world, 'guest-106', PHONE);
    let checkedOut!: () => void;
    const done = new Promise<void>((resolve) => (checkedOut = resolve));
    // Hold the socket's sign-in and the room channel's authorization until the stay is over, so
    // no socket of this guest is known to the server when the check-out ends the session.
    await guest.route(/\/pusher\/(user-)?auth\/?$/, async (route) => {
      await done;
      await route.continue();
    });
    await joinAsGuest(guest, world.url, '106', String(stay.body?.pin));
    const out = await api(world, '/admin/hotel-abc/rooms/106/check-out/', { method: 'POST', token });
    assert.equal(out.status, 200);
    checkedOut();
    await guest.getByText('This chat has ended').waitFor();
  });
});
