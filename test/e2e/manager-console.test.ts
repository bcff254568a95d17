// The manager's console in Chromium, as a front-office manager uses it: invite a receptionist who
// chooses a password and signs in, then deactivate them and watch their open dashboard sign out;
// check a guest in with a printable card (QR code of the guest link, PIN) and check them out.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import QRCode from 'qrcode';
import { api, joinAsGuest, person, signIn, skipReason, startWorld, type World } from './support.js';

/** Screens of the walk-through, for a person to look at: CONSOLE_SHOTS=<dir>. */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.CONSOLE_SHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, name) });
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core in the page (the context bypasses the CSP that rightly refuses its inline script): no serious or critical violation. */
async function assertAccessible(page: Page, where: string): Promise<void> {
  await page.addScriptTag({ path: AXE });
  type Violation = { id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> };
  const violations = (await page.evaluate(() => (window as unknown as { axe: { run: (d: Document, o: object) => Promise<{ violations: unknown[] }> } }).axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations))) as Violation[];
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.equal(bad.length, 0, `${where}:\n${bad.map((v) => `${v.impact} ${v.id}: ${v.help} ${JSON.stringify(v.nodes.map((n) => n.target))}`).join('\n')}`);
}

describe('the manager console', { skip: skipReason() }, () => {
  let world: World;
  let manager: Page;
  before(async () => {
    world = await startWorld();
    manager = await person(world, 'manager');
    await signIn(manager, world.url, 'manager');
    await shot(manager, 'console-entry.png');
    await manager.getByRole('link', { name: 'Manager console' }).click();
    await manager.getByRole('heading', { name: 'Manager console' }).waitFor();
  });
  after(async () => {
    await world?.close();
  });

  it('is not offered to a receptionist, and /staff/console/ shows them the desk', async () => {
    const sarah = await person(world, 'sarah');
    await signIn(sarah, world.url, 'sarah');
    assert.equal(await sarah.getByRole('link', { name: 'Manager console' }).count(), 0);
    await sarah.goto(`${world.url}/staff/console/`);
    await sarah.getByRole('checkbox', { name: /Rooms without messages/ }).waitFor();
    assert.equal(new URL(sarah.url()).pathname, '/staff/');
    assert.equal(await sarah.getByRole('heading', { name: 'Manager console' }).count(), 0);
  });

  it('invites a receptionist who chooses a password and signs in, then deactivates them: their open dashboard signs out live', async () => {
    await manager.getByRole('tab', { name: 'Staff' }).click();
    await manager.locator('tr[data-username="sarah"]').waitFor();
    const inviteButton = manager.getByRole('button', { name: 'Invite a receptionist' });
    // Escape closes the dialog and gives focus back to the button that opened it.
    await inviteButton.click();
    await manager.getByRole('dialog', { name: 'Invite a receptionist' }).waitFor();
    await manager.keyboard.press('Escape');
    await manager.getByRole('dialog').waitFor({ state: 'detached' });
    assert.equal(await inviteButton.evaluate((el) => el === document.activeElement), true);

    await inviteButton.click();
    const form = manager.getByRole('dialog', { name: 'Invite a receptionist' });
    await form.getByLabel('First name').fill('Nina');
    await form.getByLabel('Last name').fill('Park');
    await form.getByLabel('Username').fill('nina');
    assert.equal(await form.getByLabel('Role').inputValue(), 'Receptionist');
    // A username already taken: the server's answer is shown in the dialog.
    await form.getByLabel('Username').fill('sarah');
    await form.getByRole('button', { name: 'Invite' }).click();
    await form.getByRole('alert').getByText('That username is not available').waitFor();
    await form.getByLabel('Username').fill('nina');
    await shot(manager, 'console-invite.png');
    await form.getByRole('button', { name: 'Invite' }).click();
    const linkDialog = manager.getByRole('dialog', { name: 'Invitation for Nina Park' });
    const link = await linkDialog.getByTestId('invite-link').inputValue();
    assert.match(link, new RegExp(`^${world.url}/staff/#invite=cin_[A-Za-z0-9_-]{43}$`));
    await shot(manager, 'console-invite-link.png');
    await linkDialog.getByRole('button', { name: 'Done' }).click();
    await manager.locator('tr[data-username="nina"]').getByText(/Invited · link until/).waitFor();

    const nina = await person(world, 'nina');
    await nina.goto(link);
    await nina.getByText('Welcome to Hotel ABC, Nina Park.').waitFor();
    await nina.getByLabel('New password', { exact: true }).fill('nina-park-2026');
    await nina.getByLabel('The same password again').fill('nina-park-2026');
    await nina.getByRole('button', { name: 'Save and sign in' }).click();
    await nina.getByRole('alert').getByText(/Choose another password: it contains the username/).waitFor();
    await nina.getByLabel('New password', { exact: true }).fill('lighthouse-by-the-sea');
    await nina.getByLabel('The same password again').fill('lighthouse-by-the-sea');
    await shot(nina, 'console-accept.png');
    await nina.getByRole('button', { name: 'Save and sign in' }).click();
    await nina.getByRole('checkbox', { name: /Rooms without messages/ }).waitFor();
    assert.equal(new URL(nina.url()).hash, '', 'the used link leaves the address bar');
    const ninaToken = await nina.evaluate(() => localStorage.getItem('concierge.staff.token'));
    assert.equal((await api(world, '/auth/me/', { token: ninaToken! })).body?.username, 'nina');

    // The manager's list shows her active once it is loaded again.
    await manager.reload();
    const row = manager.locator('tr[data-username="nina"]');
    await row.getByText('Active').waitFor();
    await row.getByRole('button', { name: 'Deactivate Nina Park' }).click();
    const confirm = manager.getByRole('dialog', { name: 'Deactivate Nina Park?' });
    await shot(manager, 'console-deactivate.png');
    await confirm.getByRole('button', { name: 'Deactivate' }).click();
    await row.getByText('Deactivated').waitFor();

    // Her open dashboard, never reloaded, lands on the sign-in form.
    await nina.getByText('Your session has ended. Please sign in again.').waitFor({ timeout: 15_000 });
    await nina.getByLabel('Username').waitFor();
    assert.equal((await api(world, '/auth/me/', { token: ninaToken! })).status, 401);
    // The link was used once; opening it again says so.
    await nina.goto(link);
    await nina.getByRole('alert').getByText(/no longer valid/).waitFor();
    // Reactivated, she signs in with her own password again.
    await row.getByRole('button', { name: 'Reactivate Nina Park' }).click();
    await row.getByText('Active').waitFor();
    assert.equal((await api(world, '/auth/login/', { method: 'POST', body: { username: 'nina', password: 'lighthouse-by-the-sea' } })).status, 200);
  });

  it('checks a guest in with a card whose QR code is the guest link, with the PIN; the guest gets in with them; then checks out', async () => {
    await manager.getByRole('tab', { name: 'Rooms' }).click();
    const row = manager.locator('tr[data-room="111"]');
    await row.getByText('Free').waitFor();
    await row.getByRole('button', { name: 'Check in room 111' }).click();
    const form = manager.getByRole('dialog', { name: 'Check in room 111' });
    await form.getByLabel('Guest name').fill('Ada Lovelace');
    await form.getByRole('button', { name: 'Check in' }).click();

    const card = manager.getByRole('dialog', { name: 'Room 111 is checked in' });
    const pin = (await card.getByTestId('card-pin').textContent())!;
    assert.match(pin, /^\d{6}$/);
    const link = `${world.url}/guest/hotel-abc/111`;
    assert.equal(await card.getByTestId('card-link').textContent(), link);
    // The QR code: the card draws qrcode's SVG for the link; drawing the expected one here, with the
    // options of check-in-card.tsx, gives the same modules exactly when the card encodes this link.
    const expected = await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
    const expectedPaths = [...expected.matchAll(/ d="([^"]+)"/g)].map((m) => m[1]);
    const shownPaths = await card.getByTestId('card-qr').locator('path').evaluateAll((ps) => ps.map((p) => p.getAttribute('d')));
    assert.equal(expectedPaths.length, 2);
    assert.deepEqual(shownPaths, expectedPaths);
    const otherRoom = await QRCode.toString(`${world.url}/guest/hotel-abc/112`, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
    assert.notEqual([...otherRoom.matchAll(/ d="([^"]+)"/g)][1]![1], shownPaths[1], 'another link draws another code');
    await shot(manager, 'console-card.png');

    // Printed, the card is alone on the page: the dialog's buttons and the console stay off paper.
    await manager.emulateMedia({ media: 'print' });
    // (CSS locators: in print the dialog itself is hidden, so it has no role to find it by.)
    const printButton = manager.locator('.card-dialog button', { hasText: 'Print card' });
    assert.equal(await printButton.count(), 1);
    assert.equal(await printButton.isVisible(), false);
    assert.equal(await manager.locator('.card-dialog [data-testid="card-pin"]').isVisible(), true);
    assert.equal(await manager.locator('.card-dialog .card-qr svg').isVisible(), true);
    assert.equal(await manager.locator('.console-tab', { hasText: 'Rooms' }).evaluate((el) => getComputedStyle(el).visibility), 'hidden');
    await shot(manager, 'console-card-print.png');
    await manager.emulateMedia({ media: 'screen' });

    const guest = await person(world, 'guest-111');
    await joinAsGuest(guest, world.url, '111', pin);
    const session = await guest.evaluate(() => localStorage.getItem('concierge.guest.hotel-abc.111'));
    assert.match(session ?? '', /^cgs_/);

    await manager.keyboard.press('Escape');
    await card.waitFor({ state: 'detached' });
    await row.getByText('Ada Lovelace').waitFor();
    await row.getByRole('button', { name: 'Check out room 111' }).click();
    await manager.getByRole('dialog', { name: 'Check out room 111?' }).getByRole('button', { name: 'Check out' }).click();
    await row.getByText('Free').waitFor();
    assert.equal((await api(world, `/chat/guest-session/${session}/validate/`)).status, 401, "the guest's session ended with the stay");
    await shot(manager, 'console-rooms.png');
  });

  it('walks every section with the keyboard: desk hours, a quick reply, analytics, a webhook and its secret, the audit log, a retention dry run and a data request', async () => {
    await manager.goto(`${world.url}/staff/console/#staff`);
    const tabs = manager.getByRole('tab');
    await manager.getByRole('tab', { name: 'Retention' }).waitFor();
    assert.deepEqual(await tabs.allTextContents(), ['Staff', 'Rooms', 'Desk settings', 'Quick replies', 'Analytics', 'Webhooks', 'Audit log', 'Retention']);
    // Arrow keys move between tabs (and focus follows), as the ARIA tab pattern has it.
    await manager.getByRole('tab', { name: 'Staff' }).focus();
    await manager.keyboard.press('ArrowRight');
    await manager.keyboard.press('ArrowRight');
    assert.equal(await manager.getByRole('tab', { name: 'Desk settings' }).getAttribute('aria-selected'), 'true');
    assert.equal(await manager.getByRole('tab', { name: 'Desk settings' }).evaluate((el) => el === document.activeElement), true);

    // Desk settings: the alert times and the desk hours are saved.
    const panel = manager.getByRole('tabpanel');
    await panel.getByLabel('A guest waits for a reply').fill('12');
    await panel.getByRole('button', { name: 'Save', exact: true }).click();
    await panel.getByRole('status').getByText('Saved.').first().waitFor();
    const settings = await api(world, '/chat/hotel-abc/desk/settings/', { token: await manager.evaluate(() => localStorage.getItem('concierge.staff.token')!) });
    assert.equal(settings.body?.reply_alert_minutes, 12);
    await panel.getByRole('checkbox', { name: /The desk keeps hours/ }).check();
    await panel.getByLabel('Sunday opens').fill('09:00');
    await panel.getByRole('button', { name: 'Save desk hours' }).click();
    await panel.getByText('Saved.').nth(1).waitFor();
    await shot(manager, 'console-settings.png');

    await manager.getByRole('tab', { name: 'Quick replies' }).click();
    await manager.getByRole('button', { name: 'Add a quick reply' }).click();
    const dialog = manager.getByRole('dialog', { name: 'Add a quick reply' });
    await dialog.getByLabel('Shortcut').fill('wifi');
    await dialog.getByLabel('Title').fill('Wi-Fi');
    await dialog.getByLabel('Reply').fill('The Wi-Fi password is {wifi_password}.');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await manager.getByRole('tabpanel').getByRole('rowheader', { name: '/wifi' }).waitFor();

    await manager.getByRole('tab', { name: 'Analytics' }).click();
    await manager.getByRole('tabpanel').getByRole('heading').first().waitFor();
    await shot(manager, 'console-analytics.png');

    await manager.getByRole('tab', { name: 'Webhooks' }).click();
    await manager.getByRole('button', { name: 'Add a webhook' }).click();
    const hookForm = manager.getByRole('dialog', { name: 'Add a webhook' });
    await hookForm.getByLabel('Address (URL)').fill('https://pms.invalid/concierge');
    await hookForm.getByRole('checkbox', { name: 'message.created' }).uncheck();
    await hookForm.getByRole('button', { name: 'Add' }).click();
    // The server's refusal is shown in the dialog, in its words (.invalid never resolves).
    await hookForm.getByRole('alert').getByText(/may not be used|could not be resolved/).waitFor();
    await shot(manager, 'console-webhook.png');
    await hookForm.getByLabel('Address (URL)').fill('https://93.184.216.34/concierge');
    await hookForm.getByRole('button', { name: 'Add' }).click();
    const secret = await manager.getByRole('dialog', { name: 'Webhook added' }).getByLabel('Signing secret').inputValue();
    assert.ok(secret.length >= 16, 'the whole secret, once');
    await manager.getByRole('dialog', { name: 'Webhook added' }).getByRole('button', { name: 'Done' }).click();
    const hookRow = manager.getByRole('row', { name: /93\.184\.216\.34/ });
    await hookRow.getByRole('button', { name: 'Pause' }).click();
    await hookRow.getByText('Paused').waitFor();
    assert.equal(await manager.getByRole('tabpanel').getByText(secret).count(), 0, 'the list never shows the secret');

    await manager.getByRole('tab', { name: 'Audit log' }).click();
    await manager.getByRole('tabpanel').getByRole('heading', { name: 'Audit log' }).waitFor();
    await shot(manager, 'console-audit.png');

    await manager.getByRole('tab', { name: 'Retention' }).click();
    await manager.getByRole('button', { name: 'Dry run' }).click();
    await manager.getByRole('tabpanel').getByText(/^Dry run: would/).waitFor();

    // A guest's data request: room 111's stay (checked in and out above) is downloaded, then erased.
    await manager.getByLabel('Room', { exact: true }).fill('111');
    await manager.getByRole('button', { name: 'Find stays' }).click();
    const stay = manager.getByRole('row', { name: /Ada Lovelace/ });
    const [download] = await Promise.all([manager.waitForEvent('download'), stay.getByRole('button', { name: 'Download' }).click()]);
    const file = await download.path();
    const exported = JSON.parse(await readFile(file, 'utf8')) as { stay: { guest_name: string; room_number: number } };
    assert.deepEqual([exported.stay.guest_name, exported.stay.room_number], ['Ada Lovelace', 111]);
    await shot(manager, 'console-retention.png');
    await stay.getByRole('button', { name: 'Erase' }).click();
    await manager.getByRole('dialog', { name: 'Erase the stay of Ada Lovelace?' }).getByRole('button', { name: 'Erase' }).click();
    await manager.getByRole('tabpanel').getByText("Erased room 111's stay.").waitFor();
    await manager.getByRole('row', { name: /Erased/ }).waitFor();
    assert.equal(await manager.getByRole('row', { name: /Ada Lovelace/ }).count(), 0);
  });

  it('passes axe on every tab, the check-in card and the invitation page', async () => {
    const context = await world.browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
    world.contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await signIn(page, world.url, 'manager');
    await page.goto(`${world.url}/staff/console/`);
    await page.getByRole('tab', { name: 'Retention' }).waitFor();
    for (const name of ['Staff', 'Rooms', 'Desk settings', 'Quick replies', 'Webhooks', 'Audit log', 'Retention']) {
      await page.getByRole('tab', { name }).click();
      await page.getByRole('tabpanel').getByRole('heading', { level: 2 }).first().waitFor();
      await assertAccessible(page, `the ${name} tab`);
    }
    await page.getByRole('tab', { name: 'Rooms' }).click();
    await page.getByRole('button', { name: 'Check in room 112' }).click();
    await page.getByLabel('Guest name').fill('Grace Hopper');
    await page.getByRole('dialog').getByRole('button', { name: 'Check in' }).click();
    await page.getByTestId('card-qr').locator('svg').waitFor();
    await assertAccessible(page, 'the check-in card');
    await page.keyboard.press('Escape');

    await page.getByRole('tab', { name: 'Staff' }).click();
    await page.getByRole('button', { name: 'Invite a receptionist' }).click();
    const form = page.getByRole('dialog', { name: 'Invite a receptionist' });
    await assertAccessible(page, 'the invitation form');
    await form.getByLabel('First name').fill('Omar');
    await form.getByLabel('Username').fill('omar');
    await form.getByRole('button', { name: 'Invite' }).click();
    const link = await page.getByTestId('invite-link').inputValue();
    await assertAccessible(page, 'the link dialog');
    const invitee = await context.browser()!.newContext({ bypassCSP: true });
    world.contexts.push(invitee);
    const welcome = await invitee.newPage();
    await welcome.goto(link);
    await welcome.getByLabel('New password', { exact: true }).waitFor();
    await assertAccessible(welcome, 'the invitation page');
  });
});
