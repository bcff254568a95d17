// Accessibility of both apps in real Chromium: axe-core finds no serious or critical violation
// on the guest PIN screen and chat (English and Arabic, including a message that failed to send)
// nor on the staff sign-in and the dashboard with a conversation open; focus lands where the next
// keystroke belongs; skip links reach the conversation; Escape closes a dialog.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { api, DESKTOP, inboxItem, joinAsGuest, PASSWORD, PHONE, screenshot, signIn, skipReason, startWorld } from './support.js';
import type { World } from './support.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

/** Runs axe-core in the page; fails with every serious or critical violation, described. */
async function assertAccessible(page: Page, where: string): Promise<void> {
  await page.addScriptTag({ path: AXE });
  const violations = (await page.evaluate(() => (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: unknown[] }> } }).axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations))) as Violation[];
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const text = bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${JSON.stringify(n.target)} ${n.failureSummary?.replace(/\s+/g, ' ') ?? ''}`).join('\n')}`).join('\n');
  assert.equal(bad.length, 0, `${where}:\n${text}`);
}

/**
 * A fresh browser profile, as support.ts's person() but with the page's Content Security Policy
 * bypassed: axe-core is injected as an inline script, which the apps' CSP rightly refuses.
 */
async function person(world: World, who: string, viewport: { width: number; height: number }): Promise<Page> {
  const phone = viewport.width < 600;
  const context = await world.browser.newContext({ viewport, isMobile: phone, hasTouch: phone, deviceScaleFactor: phone ? 2 : 1, bypassCSP: true });
  world.contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.setDefaultNavigationTimeout(30_000);
  page.on('pageerror', (err) => console.log(`# [${who}] page error: ${err.message}`));
  return page;
}

/** The skip link is the page's first focusable element, shows when focused, and moves focus to `target`. */
async function assertSkipLink(page: Page, target: string): Promise<void> {
  const first = await page.evaluate(() => document.querySelector('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])')?.className ?? null);
  assert.equal(first, 'skip-link');
  const link = page.locator('.skip-link');
  await link.focus();
  const box = await link.boundingBox();
  assert.ok(box && box.y >= 0, 'the focused skip link is on screen');
  await page.keyboard.press('Enter');
  await page.waitForFunction((id) => document.activeElement?.id === id, target);
}

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? null);

describe('accessibility of both apps', { skip: skipReason() }, () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => {
    await world?.close();
  });

  it('guest: the PIN screen in English and Arabic, with focus in the PIN field', async () => {
    const page = await person(world, 'guest-pin', PHONE);
    await page.goto(`${world.url}/guest/hotel-abc/106`);
    await page.getByLabel('Room PIN').waitFor();
    assert.equal(await focusedId(page), 'pin');
    await assertAccessible(page, 'guest PIN screen (en)');
    await page.getByLabel('Language').selectOption('ar');
    await page.getByLabel('رمز PIN للغرفة').waitFor();
    assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
    await assertAccessible(page, 'guest PIN screen (ar)');
    await screenshot(page, 'guest-pin-arabic-phone.png');
  });

  it('guest: the chat in English and Arabic, focus in the reply box after the PIN, a skip link, a failed message readable', async () => {
    const page = await person(world, 'guest-chat', PHONE);
    await joinAsGuest(page, world.url, '101');
    assert.equal(await focusedId(page), 'guest-message', 'the reply box has the focus after the PIN');
    const sarah = (await api(world, '/auth/login/', { method: 'POST', body: { username: 'sarah', password: PASSWORD } })).body?.token as string;
    const convo = (await api(world, '/chat/hotel-abc/guest-session/room/101/initialize/', { method: 'POST', body: { pin: '1234' } })).body?.conversation_id as number;
    await page.getByLabel('Your message').fill('Could I get a late check-out?');
    await page.getByRole('button', { name: 'Send message' }).click();
    await page.locator('.gmsg-mine:not(.pending)').waitFor();
    await api(world, `/chat/hotel-abc/conversations/${convo}/messages/send/`, { method: 'POST', token: sarah, body: { message: 'Of course — see https://example.com/late for the details.' } });
    await page.locator('.gmsg-staff').waitFor();

    await assertSkipLink(page, 'guest-conversation');

    await assertAccessible(page, 'guest chat (en)');
    await page.getByLabel('Language').selectOption('ar');
    await page.getByLabel('رسالتك').waitFor();
    await assertAccessible(page, 'guest chat (ar)');
    await page.getByLabel('اللغة').selectOption('en');

    // A message that could not be sent stays readable.
    await page.context().setOffline(true);
    await page.locator('.guest-connection').waitFor({ timeout: 45_000 });
    await page.getByLabel('Your message').fill('Hello?');
    await page.getByRole('button', { name: 'Send message' }).click();
    await page.getByText('Not sent.').waitFor({ timeout: 20_000 });
    await assertAccessible(page, 'guest chat with a failed message (en)');
    await page.context().setOffline(false);
  });

  it('staff: sign-in has the focus in the username field and passes axe', async () => {
    const page = await person(world, 'staff-login', DESKTOP);
    await page.goto(`${world.url}/staff/`);
    await page.getByLabel('Username').waitFor();
    assert.equal(await focusedId(page), 'username');
    await assertAccessible(page, 'staff sign-in');
  });

  it('staff: the dashboard with a conversation open passes axe; the reply box takes the focus; Escape closes a dialog', async () => {
    const page = await person(world, 'staff-desk', DESKTOP);
    const guest = await person(world, 'guest-102', PHONE);
    await joinAsGuest(guest, world.url, '102');
    await guest.getByLabel('Your message').fill('The kettle does not work');
    await guest.getByRole('button', { name: 'Send message' }).click();
    await signIn(page, world.url, 'mike');
    await inboxItem(page, '102').click();
    await page.getByLabel('Reply to guest').waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'reply');
    await page.getByLabel('Reply to guest').fill('A new kettle is on its way.');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await guest.locator('.gmsg-staff').waitFor();
    await page.getByText(/Handled by: .*\(you\)/).first().waitFor();
    await assertAccessible(page, 'staff dashboard with a conversation open');

    await assertSkipLink(page, 'conversation-pane');

    // Clocking in opens the shift summary; Escape closes it.
    await page.getByRole('switch', { name: 'On duty' }).click();
    const dialog = page.getByRole('dialog', { name: 'Your shift' });
    await dialog.waitFor();
    await assertAccessible(page, 'staff shift summary dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });
});
