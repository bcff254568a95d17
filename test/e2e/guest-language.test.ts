// The guest app in the guest's language, in real Chromium: German from the browser, Arabic from
// the switcher (right to left, mirrored, remembered), times on the hotel's clock, a bad link that
// says so, links that are links only when safe, and the header honest about our own connection.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { guestBundles } from '../../web/guest/i18n.js';
import type { Messages } from '../../web/shared/i18n.js';
import { api, joinAsGuest, PASSWORD, PHONE, root, screenshot, skipReason, startWorld } from './support.js';
import type { World } from './support.js';

/** A phone with the browser set to `locale`, in `timezoneId`, cleaned up with the world. */
async function phone(world: World, who: string, locale: string, timezoneId = 'UTC'): Promise<Page> {
  const context = await world.browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale, timezoneId });
  world.contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.setDefaultNavigationTimeout(30_000);
  page.on('pageerror', (err) => console.log(`# [${who}] page error: ${err.message}`));
  return page;
}

async function staffToken(world: World, username: string): Promise<string> {
  const r = await api(world, '/auth/login/', { method: 'POST', body: { username, password: PASSWORD } });
  assert.equal(r.status, 200);
  return r.body?.token as string;
}

function flatten(m: Messages, prefix = ''): string[] {
  return Object.entries(m).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : flatten(v, `${prefix}${k}.`)));
}

describe('every guest language is complete', () => {
  it('has every English key, with exactly the plural forms the language needs', () => {
    const english = flatten(guestBundles.en.messages);
    const plural = (key: string) => /_(zero|one|two|few|many|other)$/.test(key);
    const singular = english.filter((k) => !plural(k));
    const pluralBases = [...new Set(english.filter(plural).map((k) => k.replace(/_[a-z]+$/, '')))];
    assert.ok(pluralBases.length > 0);
    for (const [code, bundle] of Object.entries(guestBundles)) {
      const keys = flatten(bundle.messages);
      for (const k of singular) assert.ok(keys.includes(k), `${code} lacks ${k}`);
      const categories = new Intl.PluralRules(code).resolvedOptions().pluralCategories;
      for (const base of pluralBases) {
        const forms = keys.filter((k) => k.startsWith(`${base}_`)).map((k) => k.slice(base.length + 1)).sort();
        assert.deepEqual(forms, [...categories].sort(), `${code} ${base}`);
      }
      for (const k of keys) assert.ok(english.includes(k) || plural(k), `${code} has ${k}, which English does not`);
    }
  });
});

describe("the guest app in the guest's language", { skip: skipReason() }, () => {
  let world: World;
  let manager: string;
  before(async () => {
    world = await startWorld();
    manager = await staffToken(world, 'manager');
    // The hotel is in Tokyo; the guests' phones below are set to other zones.
    const set = await api(world, '/admin/hotel-abc/desk/settings/', { method: 'PATCH', token: manager, body: { time_zone: 'Asia/Tokyo' } });
    assert.equal(set.status, 200);
  });
  after(async () => {
    await world?.close();
  });

  it('speaks German to a browser set to German, with the hotel named on the PIN screen', async () => {
    const page = await phone(world, 'guest-de', 'de-DE');
    await page.goto(`${world.url}/guest/hotel-abc/101`);
    await page.getByLabel('Zimmer-PIN').waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'de');
    assert.equal(await page.locator('html').getAttribute('dir'), 'ltr');
    await page.getByText('Hotel ABC · Zimmer 101').waitFor();
    await page.getByLabel('Zimmer-PIN').fill('1234');
    await page.getByRole('button', { name: 'Chat starten' }).click();
    await page.getByLabel('Ihre Nachricht').waitFor();
    await page.getByText('Willkommen! 👋').waitFor();
    assert.equal(await page.title(), 'Chat mit der Rezeption');
    await screenshot(page, 'guest-chat-german-phone.png');
  });

  it('switches to Arabic from the switcher: right to left, mirrored, remembered, and told to the hotel', async () => {
    const page = await phone(world, 'guest-ar', 'en-US');
    await joinAsGuest(page, world.url, '102');
    const guest = await api(world, '/chat/hotel-abc/guest-session/room/102/initialize/', { method: 'POST', body: { pin: '1234' } });
    const sarah = await staffToken(world, 'sarah');
    const convo = guest.body?.conversation_id as number;
    await page.getByLabel('Your message').fill('Hello, the minibar is empty');
    await page.getByRole('button', { name: 'Send message' }).click();
    await page.locator('.gmsg-mine:not(.pending)').waitFor();
    assert.equal((await api(world, `/chat/hotel-abc/conversations/${convo}/messages/send/`, { method: 'POST', token: sarah, body: { message: 'We will refill it right away.' } })).status, 201);
    await page.locator('.gmsg-staff').waitFor();

    const told = page.waitForRequest((r) => r.url().endsWith('/guest-session/language/') && r.postDataJSON()?.language === 'ar');
    await page.getByLabel('Language').selectOption('ar');
    await told;
    await page.getByLabel('رسالتك').waitFor();
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    assert.equal(await page.locator('html').getAttribute('lang'), 'ar');
    // Mirrored: the guest's own bubble is on the left, staff on the right; the send button is left of the box.
    const mine = await page.locator('.gmsg-mine .gbubble').first().boundingBox();
    const staff = await page.locator('.gmsg-staff .gbubble').first().boundingBox();
    const box = await page.getByLabel('رسالتك').boundingBox();
    const send = await page.getByRole('button', { name: 'إرسال الرسالة' }).boundingBox();
    assert.ok(mine && staff && box && send);
    assert.ok(mine.x < staff.x, `own bubble at ${mine.x}, staff at ${staff.x}`);
    assert.ok(mine.x < PHONE.width / 3, 'own bubble starts on the left');
    assert.ok(send.x + send.width <= box.x + 1, 'send button left of the message box');
    await screenshot(page, 'guest-chat-arabic-rtl-phone.png');

    // Remembered on this device: a reload and a fresh link stay Arabic.
    await page.reload();
    await page.getByLabel('رسالتك').waitFor();
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    await page.getByLabel('اللغة').selectOption('en');
    await page.getByLabel('Your message').waitFor();
    assert.equal(await page.locator('html').getAttribute('dir'), 'ltr');
  });

  it("shows times on the hotel's clock, in the guest's format, whatever the phone's zone", async () => {
    const page = await phone(world, 'guest-ny', 'fr-FR', 'America/New_York');
    await joinAsGuest(page, world.url, '103').catch(async () => {
      await page.getByLabel('Code PIN de la chambre').fill('1234');
      await page.getByRole('button', { name: 'Commencer' }).click();
    });
    await page.getByLabel('Votre message').fill('Bonjour');
    await page.getByRole('button', { name: 'Envoyer le message' }).click();
    const time = page.locator('.gmsg-mine:not(.pending) time').first();
    await time.waitFor();
    const iso = await time.getAttribute('datetime');
    assert.ok(iso);
    const shown = await time.textContent();
    // Formatted by the same browser, so the expectation and the app agree on every ICU detail.
    const [tokyo, newYork] = await page.evaluate(
      (at) => ['Asia/Tokyo', 'America/New_York'].map((timeZone) => new Intl.DateTimeFormat('fr', { timeZone, hour: '2-digit', minute: '2-digit' }).format(new Date(at))),
      iso,
    );
    const expected = { tokyo, newYork };
    assert.equal(shown, expected.tokyo);
    assert.notEqual(shown, expected.newYork);
    await page.getByText('Heures locales de l’hôtel (Asia/Tokyo).').waitFor();
  });

  it('says a bad link is bad instead of asking for a PIN', async () => {
    const page = await phone(world, 'guest-bad', 'en-US');
    const cases: Array<[string, string]> = [
      ['/guest/hotel-abc/999', 'Hotel ABC has no room 999'],
      ['/guest/hotel-abc/abc', 'This chat link is not valid'],
      ['/guest/hotel-abc/%F0%9F%9B%8E', 'This chat link is not valid'],
      ['/guest/no-such-hotel/101', "We can't find this hotel"],
    ];
    for (const [path, title] of cases) {
      await page.goto(`${world.url}${path}`);
      await page.getByRole('heading', { name: title }).waitFor();
      assert.equal(await page.getByLabel('Room PIN').count(), 0, path);
    }
  });

  it('makes safe links clickable and leaves everything else text', async () => {
    const page = await phone(world, 'guest-links', 'en-US');
    await joinAsGuest(page, world.url, '104');
    const guest = await api(world, '/chat/hotel-abc/guest-session/room/104/initialize/', { method: 'POST', body: { pin: '1234' } });
    const sarah = await staffToken(world, 'sarah');
    const hostile = [
      'Menu: https://example.com/menu?day=1&lang=en.',
      'Mail spa@example.com via mailto:spa@example.com or call tel:+4930123456',
      'javascript:alert(1) and JaVaScRiPt:alert(2) and data:text/html,<b>x</b>',
      '<a href="javascript:alert(3)">click</a> <img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script>',
      'https://"><img src=x onerror=window.__pwned=3>',
    ].join('\n');
    const sent = await api(world, `/chat/hotel-abc/conversations/${guest.body?.conversation_id as number}/messages/send/`, { method: 'POST', token: sarah, body: { message: hostile } });
    assert.equal(sent.status, 201);
    const bubble = page.locator('.gmsg-staff .msg-text').last();
    await bubble.waitFor();
    const links = await bubble.locator('a').evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href'), target: a.getAttribute('target'), rel: a.getAttribute('rel'), text: a.textContent })));
    assert.deepEqual(links, [
      { href: 'https://example.com/menu?day=1&lang=en', target: '_blank', rel: 'noopener noreferrer', text: 'https://example.com/menu?day=1&lang=en' },
      { href: 'mailto:spa@example.com', target: '_blank', rel: 'noopener noreferrer', text: 'mailto:spa@example.com' },
      { href: 'tel:+4930123456', target: '_blank', rel: 'noopener noreferrer', text: 'tel:+4930123456' },
    ]);
    assert.equal(await bubble.textContent(), hostile, 'every character shown as typed');
    assert.equal(await page.locator('.gmessages img, .gmessages script').count(), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    // Clicking the link opens a new tab that cannot reach back to the chat.
    const [popup] = await Promise.all([page.waitForEvent('popup'), bubble.locator('a').first().click()]);
    assert.equal(await popup.evaluate(() => window.opener), null);
    await popup.close();
  });

  it("does not call the handler Online while the guest's own connection is down, and the notice covers nothing", async () => {
    const page = await phone(world, 'guest-offline', 'en-US');
    await joinAsGuest(page, world.url, '105');
    const sarah = await staffToken(world, 'sarah');
    const guest = await api(world, '/chat/hotel-abc/guest-session/room/105/initialize/', { method: 'POST', body: { pin: '1234' } });
    const convo = guest.body?.conversation_id as number;
    assert.equal((await api(world, `/chat/hotel-abc/conversations/${convo}/assign-staff/`, { method: 'POST', token: sarah })).status, 200);
    await page.getByText('Sarah Jones', { exact: false }).first().waitFor();
    await page.context().setOffline(true);
    // pusher-js notices the lost network by a ping that gets no answer (its pong timeout).
    await page.locator('.guest-connection').waitFor({ timeout: 45_000 });
    assert.match((await page.locator('.guest-connection').textContent()) ?? '', /Connection lost|Connecting|Disconnected/);
    assert.equal(await page.locator('.handler-status').count(), 0, 'no Online/Away while we cannot know');
    await page.getByLabel('Your message').fill('Are you there?');
    await page.getByRole('button', { name: 'Send message' }).click();
    await page.getByText('Not sent.').waitFor({ timeout: 20_000 });
    const pill = await page.locator('.guest-connection').boundingBox();
    const banner = page.locator('.error-banner');
    if ((await banner.count()) > 0) {
      const b = await banner.boundingBox();
      assert.ok(pill && b && (pill.y + pill.height <= b.y || b.y + b.height <= pill.y), 'the connection notice and the error banner do not overlap');
    }
    assert.equal(await page.locator('.guest-connection').evaluate((el) => getComputedStyle(el).position), 'static');
    await page.context().setOffline(false);
    await page.locator('.guest-connection').waitFor({ state: 'detached', timeout: 20_000 });
  });

  it('keeps its screenshots where the other browser tests keep theirs', () => {
    const dir = join(root, 'docs', 'screenshots');
    for (const name of ['guest-chat-german-phone.png', 'guest-chat-arabic-rtl-phone.png']) {
      const png = readFileSync(join(dir, name));
      assert.equal(png.subarray(1, 4).toString(), 'PNG');
    }
  });
});
