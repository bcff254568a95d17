// The dashboard's own tools: filters and search, older pages, alerts while the tab is hidden,
// and who is on duty.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { guestSays, inboxItem, joinAsGuest, person, PHONE, signIn, skipReason, startWorld, waitForCount } from './support.js';
import type { World } from './support.js';

async function post(world: World, path: string, body: unknown, token?: string) {
  const res = await fetch(`${world.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown>;
}

/** Records notifications and chimes instead of showing or playing them. */
const FAKE_ALERTS = `
  window.__notes = [];
  window.__chimes = 0;
  window.Notification = class {
    static permission = 'granted';
    static async requestPermission() { return 'granted'; }
    constructor(title, opts) { window.__notes.push(title + ': ' + ((opts && opts.body) || '')); }
    close() {}
  };
  const RealAudio = window.AudioContext;
  window.AudioContext = class extends RealAudio {
    createOscillator() { window.__chimes += 1; return super.createOscillator(); }
  };
`;

describe('staff dashboard tools', { skip: skipReason() }, () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => {
    await world?.close();
  });

  it('filters the inbox by mine / unassigned / all and searches by room or guest', async () => {
    const [emma, guest] = await Promise.all([person(world, 'emma'), person(world, 'guest-105', PHONE)]);
    await Promise.all([signIn(emma, world.url, 'emma'), joinAsGuest(guest, world.url, '105')]);
    await guestSays(guest, 'Where can I park?');
    await inboxItem(emma, '105').click();
    await emma.getByTestId('handler-line').getByText('You are handling this conversation').waitFor();

    await emma.getByRole('button', { name: 'Mine' }).click();
    await inboxItem(emma, '105').waitFor();
    await waitForCount(emma.locator('.inbox-item'), 1);
    await emma.getByRole('button', { name: 'Unassigned' }).click();
    await inboxItem(emma, '105').waitFor({ state: 'detached' });
    await inboxItem(emma, '101').waitFor();
    await emma.getByRole('button', { name: 'All' }).click();
    await emma.getByLabel('Search by room or guest').fill('fatima');
    await inboxItem(emma, '104').waitFor();
    await waitForCount(emma.locator('.inbox-item'), 1);
    await emma.getByLabel('Search by room or guest').fill('10');
    await waitForCount(emma.locator('.inbox-item'), 5);
  });

  it('loads older messages when scrolling up', async () => {
    const session = await post(world, '/chat/hotel-abc/guest-session/room/102/initialize/', { pin: '1234' });
    const token = String(session.session_token);
    const path = `/chat/hotel-abc/conversations/${String(session.conversation_id)}/messages/send/`;
    for (let i = 1; i <= 60; i++) await post(world, path, { message: `Message number ${i}` }, token);
    const john = await person(world, 'john');
    await signIn(john, world.url, 'john');
    await inboxItem(john, '102').click();
    const log = john.getByRole('log', { name: 'Messages' });
    await log.getByText('Message number 60', { exact: true }).waitFor();
    assert.equal(await log.getByText('Message number 1', { exact: true }).count(), 0);
    await log.evaluate((el) => el.scrollTo(0, 0));
    await log.getByText('Message number 1', { exact: true }).waitFor();
    assert.equal(await log.locator('.msg').count(), 60);
  });

  it('chimes and shows a desktop notification for a guest message while the tab is hidden', async () => {
    const sarah = await person(world, 'sarah');
    await sarah.context().grantPermissions(['notifications']);
    // Plain JavaScript strings: functions compiled by tsx would carry its `__name` helper along.
    await sarah.addInitScript({ content: FAKE_ALERTS });
    await signIn(sarah, world.url, 'sarah');
    await sarah.evaluate(`
      Object.defineProperty(document, 'visibilityState', { configurable: true, get() { return 'hidden'; } });
      document.dispatchEvent(new Event('visibilitychange'));
    `);
    const guest = await person(world, 'guest-103', PHONE);
    await joinAsGuest(guest, world.url, '103');
    await guestSays(guest, 'Is room service still open?');
    await sarah.waitForFunction(() => (window as unknown as { __notes: string[] }).__notes.length > 0);
    const notes = await sarah.evaluate(() => (window as unknown as { __notes: string[] }).__notes);
    assert.match(notes[0] ?? '', /^Room 103 · Kenji Tanaka: Is room service still open\?$/);
    assert.ok((await sarah.evaluate(() => (window as unknown as { __chimes: number }).__chimes)) > 0);
    await sarah.waitForFunction(() => /^\(\d+\) Concierge/.test(document.title));
  });

  it('lists the staff on duty and updates when someone signs out', async () => {
    const [sarah, mike] = await Promise.all([person(world, 'sarah'), person(world, 'mike')]);
    await Promise.all([signIn(sarah, world.url, 'sarah'), signIn(mike, world.url, 'mike')]);
    const onDuty = sarah.getByRole('region', { name: 'Staff online' });
    await onDuty.getByText('Mike Thompson, Night Receptionist').waitFor({ state: 'attached' });
    await mike.getByRole('button', { name: 'Sign out' }).click();
    await onDuty.getByText('Mike Thompson, Night Receptionist').waitFor({ state: 'detached' });
  });

  it('shows a colleague in every conversation their tabs have open, one tab never hiding another', async () => {
    // Sarah on the desk PC and on a tablet; John watches the inbox.
    const [desk, tablet, john] = await Promise.all([person(world, 'sarah'), person(world, 'sarah'), person(world, 'john')]);
    await Promise.all([signIn(desk, world.url, 'sarah'), signIn(tablet, world.url, 'sarah'), signIn(john, world.url, 'john')]);
    await inboxItem(desk, '101').click();
    await inboxItem(john, '101').getByText('Sarah viewing').waitFor();
    await inboxItem(tablet, '104').click();
    await inboxItem(john, '104').getByText('Sarah viewing').waitFor();
    // Both arrive as one person's activity: were they one entry, the tablet's would replace the desk's.
    assert.equal(await inboxItem(john, '101').getByText('Sarah viewing').count(), 1, 'the desk tab is still on 101');
    await desk.close();
  });
});
