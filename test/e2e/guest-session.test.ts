// The guest's way in and staying in: PIN errors, reloads, a dropped connection, and message
// text that tries to be HTML. How a chat ends is in guest-session-end.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page, WebSocketRoute } from 'playwright-core';
import { api, guestSays, inboxItem, joinAsGuest, person, PHONE, signIn, skipReason, staffSays, startWorld } from './support.js';
import type { World } from './support.js';

const guestLog = (page: Page) => page.locator('.gmessages');
const staffLog = (page: Page) => page.getByRole('log', { name: 'Messages' });

/** Lets a test cut a page's realtime connection and keep it down until `restore()`. */
async function cuttableSocket(page: Page) {
  let down = false;
  const open: WebSocketRoute[] = [];
  await page.routeWebSocket(/\/app\//, (ws) => {
    if (down) {
      void ws.close({ code: 1006, reason: 'test: network down' }).catch(() => undefined);
      return;
    }
    ws.connectToServer();
    open.push(ws);
  });
  return {
    async cut() {
      down = true;
      await Promise.all(open.splice(0).map((ws) => ws.close({ code: 1006, reason: 'test: network down' }).catch(() => undefined)));
    },
    async restore() {
      down = false;
      // What a phone does when the network returns; pusher-js retries at once.
      await page.evaluate(() => window.dispatchEvent(new Event('online')));
    },
  };
}

describe('guest sessions in the browser', { skip: skipReason() }, () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => {
    await world?.close();
  });

  it('explains a wrong PIN, then too many tries', async () => {
    const guest = await person(world, 'guest-105', PHONE);
    await guest.goto(`${world.url}/guest/hotel-abc/105`);
    await guest.getByLabel('Room PIN').fill('0000');
    await guest.getByRole('button', { name: 'Start chat' }).click();
    await guest.getByRole('alert').getByText("That PIN isn't right").waitFor();
    // Use up the room's allowance directly, then try once more in the page.
    for (let i = 0; i < 10; i++) await api(world, '/chat/hotel-abc/guest-session/room/105/initialize/', { method: 'POST', body: { pin: '0000' } });
    await guest.getByRole('button', { name: 'Start chat' }).click();
    await guest.getByRole('alert').getByText('Too many wrong PINs').waitFor();
  });

  it('keeps the guest and the staff member signed in across reloads', async () => {
    const [sarah, guest] = await Promise.all([person(world, 'sarah'), person(world, 'guest-104', PHONE)]);
    await Promise.all([signIn(sarah, world.url, 'sarah'), joinAsGuest(guest, world.url, '104')]);
    await guestSays(guest, 'Is the pool open today?');
    await inboxItem(sarah, '104').click();
    await staffSays(sarah, 'Yes, until 9 pm.');
    await guestLog(guest).getByText('Yes, until 9 pm.').waitFor();

    await guest.reload();
    await guestLog(guest).getByText('Is the pool open today?').waitFor();
    await guestLog(guest).getByText('Yes, until 9 pm.').waitFor();
    assert.equal(await guest.getByLabel('Room PIN').count(), 0);
    await guest.locator('.guest-header').getByText('Sarah Jones').waitFor();
    await guest.locator('.guest-header').getByText('Online').waitFor();

    assert.match(sarah.url(), /\/staff\/conversations\/\d+$/);
    await sarah.reload();
    await staffLog(sarah).getByText('Is the pool open today?').waitFor();
    await sarah.getByTestId('handler-line').getByText('You are handling this conversation').waitFor();

    // Signing out ends the token: a reload shows the sign-in form again.
    await sarah.getByRole('button', { name: 'Sign out' }).click();
    await sarah.getByRole('button', { name: 'Sign in' }).waitFor();
    await sarah.reload();
    await sarah.getByRole('button', { name: 'Sign in' }).waitFor();
  });

  it('catches up on messages missed while the connection was down', async () => {
    const [sarah, guest] = await Promise.all([person(world, 'sarah'), person(world, 'guest-101', PHONE)]);
    const guestLine = await cuttableSocket(guest);
    const sarahLine = await cuttableSocket(sarah);
    await Promise.all([signIn(sarah, world.url, 'sarah'), joinAsGuest(guest, world.url, '101')]);
    await guestSays(guest, 'Hello?');
    await inboxItem(sarah, '101').click();
    await staffLog(sarah).getByText('Hello?').waitFor();

    await Promise.all([guestLine.cut(), sarahLine.cut()]);
    await guest.locator('.guest-connection').waitFor();
    await sarah.locator('.top-bar .connection').waitFor();
    await staffSays(sarah, 'Sent while you were offline (1)');
    await staffSays(sarah, 'Sent while you were offline (2)');
    await guestSays(guest, 'Sent while staff was offline');
    await Promise.all([guestLine.restore(), sarahLine.restore()]);

    await guestLog(guest).getByText('Sent while you were offline (1)').waitFor();
    await guestLog(guest).getByText('Sent while you were offline (2)').waitFor();
    await staffLog(sarah).getByText('Sent while staff was offline').waitFor();
    await guest.locator('.guest-connection').waitFor({ state: 'detached' });
    // Nothing appears twice.
    assert.equal(await guestLog(guest).getByText('Sent while you were offline (1)').count(), 1);
  });

  it('shows an XSS attempt as plain text, for guest and staff alike', async () => {
    const [john, guest] = await Promise.all([person(world, 'john'), person(world, 'guest-103', PHONE)]);
    await Promise.all([signIn(john, world.url, 'john'), joinAsGuest(guest, world.url, '103')]);
    const attack = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold?</b>';
    await guestSays(guest, attack);
    const longWord = `Supercalifragilistic${'x'.repeat(300)} 🎉👍🏽`;
    await guestSays(guest, longWord);
    await inboxItem(john, '103').click();
    for (const [page, log] of [[guest, guestLog(guest)], [john, staffLog(john)]] as const) {
      await log.getByText(attack, { exact: true }).waitFor();
      assert.equal(await log.locator('img[src="x"], script, b').count(), 0);
      assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
      // The long word wraps inside its bubble instead of widening the page.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
    }
    await guestLog(guest).getByText('🎉👍🏽', { exact: false }).waitFor();
  });

  it('counts unread replies in the tab title while the guest is away', async () => {
    const [emma, guest] = await Promise.all([person(world, 'emma'), person(world, 'guest-103', PHONE)]);
    await Promise.all([signIn(emma, world.url, 'emma'), joinAsGuest(guest, world.url, '103')]);
    await guestSays(guest, 'Could I have a wake-up call at 7?');
    await inboxItem(emma, '103').click();
    await guest.evaluate(`
      Object.defineProperty(document, 'visibilityState', { configurable: true, get() { return 'hidden'; } });
      document.dispatchEvent(new Event('visibilitychange'));
    `);
    await staffSays(emma, 'Certainly, 7 am it is.');
    await staffSays(emma, 'Sleep well!');
    await guest.waitForFunction(() => document.title.startsWith('(2) '));
    await guest.evaluate(`
      Object.defineProperty(document, 'visibilityState', { configurable: true, get() { return 'visible'; } });
      document.dispatchEvent(new Event('visibilitychange'));
    `);
    await guest.waitForFunction(() => !document.title.startsWith('('));
    await emma.getByRole('log', { name: 'Messages' }).locator('.receipt.read').nth(1).waitFor();
  });

});
