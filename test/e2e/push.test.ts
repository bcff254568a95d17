// Push with the tab closed, in Chromium: the app's real service worker (/push-sw.js) shows what
// the server pushed, and a click on it opens the conversation.
//
// Chromium cannot reach its vendor's push service from here, so the browser's subscription is
// one the test controls: PushManager.subscribe hands the app an endpoint on the test's local push
// service (test/helpers/push-endpoint.ts) with keys the test generated. Everything after that is
// real: the app's toggle sends it to the server, a guest message makes the server encrypt and post
// a push there, the test decrypts it as the browser would, and delivers those bytes to the
// registered worker through the DevTools protocol (ServiceWorker.deliverPushMessage).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { startPushEndpoint, type FakeBrowser, type PushEndpoint } from '../helpers/push-endpoint.js';
import { waitFor } from '../helpers/wait.js';
import { api, joinAsGuest, person, PHONE, screenshot, signIn, skipReason, startWorld, PASSWORD } from './support.js';
import type { World } from './support.js';

/** Makes the page's PushManager hand out `b`'s subscription: the stand-in for the vendor's push service. */
async function controlSubscriptions(context: BrowserContext, b: FakeBrowser): Promise<void> {
  // A string, not a function: the test's TypeScript build adds helpers a page does not have.
  await context.addInitScript(`(() => {
    const sub = ${JSON.stringify(b.subscription)};
    const make = (key) => ({
      endpoint: sub.endpoint,
      expirationTime: null,
      options: { applicationServerKey: key, userVisibleOnly: true },
      toJSON: () => ({ endpoint: sub.endpoint, expirationTime: null, keys: sub.keys }),
      unsubscribe: async () => { localStorage.removeItem('test.push.subscribed'); return true; },
    });
    PushManager.prototype.subscribe = async function (options) {
      localStorage.setItem('test.push.subscribed', '1');
      return make((options && options.applicationServerKey) || null);
    };
    PushManager.prototype.getSubscription = async function () {
      return localStorage.getItem('test.push.subscribed') ? make(null) : null;
    };
  })();`);
}

/** The service worker registrations Chromium reports, by scope. */
async function registrations(page: Page): Promise<{ cdp: CDPSession; idOf: (scope: string) => Promise<string> }> {
  const cdp = await page.context().newCDPSession(page);
  const known = new Map<string, string>();
  cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => {
    for (const r of e.registrations) if (!r.isDeleted) known.set(r.scopeURL, r.registrationId);
  });
  await cdp.send('ServiceWorker.enable');
  return { cdp, idOf: (scope) => waitFor(() => known.get(scope), `a service worker registration for ${scope}`, 10_000) };
}

/** The notifications the worker of `scope` shows now, read through the page. */
const shown = (page: Page, scope: string) =>
  page.evaluate(async (s) => {
    const reg = await navigator.serviceWorker.getRegistration(s);
    const list = reg ? await reg.getNotifications() : [];
    return list.map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data as unknown }));
  }, scope);

describe('push notifications in Chromium', { skip: skipReason() }, () => {
  let world: World;
  let push: PushEndpoint;
  before(async () => {
    push = await startPushEndpoint();
    world = await startWorld();
  });
  after(async () => {
    await push?.close();
    await world?.close();
  });

  const token = async (username: string) => (await api(world, '/auth/login/', { method: 'POST', body: { username, password: PASSWORD } })).body!.token as string;

  it("turns on push in the staff app, shows the guest's message from the service worker and opens the conversation from it", async () => {
    const phone = push.browser('sarah-desk');
    const sarah = await person(world, 'sarah');
    await sarah.context().grantPermissions(['notifications'], { origin: world.url });
    await controlSubscriptions(sarah.context(), phone);
    assert.equal((await api(world, '/chat/hotel-abc/duty/', { method: 'POST', token: await token('sarah'), body: { on_duty: true } })).status, 200);
    await signIn(sarah, world.url, 'sarah');
    await sarah.getByRole('switch', { name: 'On duty', checked: true }).waitFor();
    const { cdp, idOf } = await registrations(sarah);

    const toggle = sarah.getByRole('switch', { name: 'Push alerts' });
    assert.equal(await toggle.getAttribute('aria-checked'), 'false');
    await toggle.click();
    await sarah.getByRole('switch', { name: 'Push alerts', checked: true }).waitFor();
    await sarah.mouse.move(600, 400);
    await screenshot(sarah, 'staff-push-toggle-desktop.png');
    const registrationId = await idOf(`${world.url}/staff/`);

    // Sarah closes the conversation view; the guest writes from room 102.
    const g = (await api(world, '/chat/hotel-abc/guest-session/room/102/initialize/', { method: 'POST', body: { pin: '1234' } })).body!;
    const sent = await api(world, `/chat/hotel-abc/conversations/${g.conversation_id}/messages/send/`, { method: 'POST', token: g.session_token as string, body: { message: 'Could I get a late check-out tomorrow?' } });
    assert.equal(sent.status, 201);
    const delivery = await waitFor(() => push.deliveries.find((d) => d.browser === phone.id), "the server's push to Sarah's browser");
    assert.deepEqual(push.rejected, []);
    assert.equal(delivery.payload.title, 'Room 102');

    await cdp.send('ServiceWorker.deliverPushMessage', { origin: world.url, registrationId, data: JSON.stringify(delivery.payload) });
    const [note] = await waitFor(async () => {
      const list = await shown(sarah, '/staff/');
      return list.length > 0 ? list : null;
    }, 'the notification');
    assert.equal(note!.title, 'Room 102');
    assert.equal(note!.body, 'Could I get a late check-out tomorrow?');
    assert.equal(note!.tag, `conversation-${g.conversation_id}`);

    // A click on it: the worker's notificationclick handler, run in the worker itself.
    const worker = await waitFor(() => sarah.context().serviceWorkers().find((w) => w.url().endsWith('/push-sw.js')), 'the service worker');
    await worker.evaluate(async () => {
      const scope = self as unknown as { registration: ServiceWorkerRegistration; dispatchEvent(e: Event): boolean };
      const [n] = await scope.registration.getNotifications();
      const Click = (self as unknown as { NotificationEvent: new (type: string, init: { notification: Notification }) => Event }).NotificationEvent;
      scope.dispatchEvent(new Click('notificationclick', { notification: n! }));
    });
    await sarah.waitForURL(`${world.url}/staff/conversations/${g.conversation_id}`);
    await sarah.getByText('Could I get a late check-out tomorrow?').first().waitFor();
    assert.deepEqual(await shown(sarah, '/staff/'), [], 'the clicked notification is closed');
  });

  it('lets the guest opt in on their phone and shows a staff reply from the service worker', async () => {
    const handset = push.browser('guest-phone');
    const guestPage = await person(world, 'guest', PHONE);
    await guestPage.context().grantPermissions(['notifications'], { origin: world.url });
    await controlSubscriptions(guestPage.context(), handset);
    await joinAsGuest(guestPage, world.url, '103');
    const { cdp, idOf } = await registrations(guestPage);
    await screenshot(guestPage, 'guest-push-optin-phone.png');
    await guestPage.getByRole('button', { name: 'Notify me when the front desk replies' }).click();
    await guestPage.getByText('We will notify you when the front desk replies.').waitFor();
    const registrationId = await idOf(`${world.url}/guest/`);

    const john = await token('john');
    const convo = ((await api(world, '/chat/hotel-abc/conversations/', { token: john })).body as unknown as Array<{ conversation_id: number; room_number: number }>).find((c) => c.room_number === 103)!;
    const reply = await api(world, `/chat/hotel-abc/conversations/${convo.conversation_id}/messages/send/`, { method: 'POST', token: john, body: { message: 'Your taxi is booked for 9:00.' } });
    assert.equal(reply.status, 201);
    const delivery = await waitFor(() => push.deliveries.find((d) => d.browser === handset.id), "the server's push to the guest's phone");
    assert.deepEqual(delivery.payload, { title: 'John Smith replied', body: 'Your taxi is booked for 9:00.', url: '/guest/hotel-abc/103', tag: 'front-desk' });

    await cdp.send('ServiceWorker.deliverPushMessage', { origin: world.url, registrationId, data: JSON.stringify(delivery.payload) });
    const [note] = await waitFor(async () => {
      const list = await shown(guestPage, '/guest/');
      return list.length > 0 ? list : null;
    }, 'the notification');
    assert.equal(note!.title, 'John Smith replied');
    assert.deepEqual(note!.data, { url: `${world.url}/guest/hotel-abc/103` });

    await guestPage.getByRole('button', { name: 'Turn off' }).click();
    await guestPage.getByRole('button', { name: 'Notify me when the front desk replies' }).waitFor();
    const before = push.deliveries.length;
    await api(world, `/chat/hotel-abc/conversations/${convo.conversation_id}/messages/send/`, { method: 'POST', token: john, body: { message: 'And breakfast is at 7.' } });
    await world.server.push.idle();
    assert.equal(push.deliveries.length, before, 'no push after turning it off');
  });
});
