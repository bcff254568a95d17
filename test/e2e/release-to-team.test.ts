// "Release to team" beyond the lunch-cover scenario: the panel from the keyboard, a colleague
// reading along when the handler releases, and the guest across a release and a reload.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { guestSays, inboxItem, joinAsGuest, person, PHONE, signIn, skipReason, staffSays, startWorld } from './support.js';
import type { World } from './support.js';

const guestHeader = (page: Page) => page.locator('.guest-header');
const guestLog = (page: Page) => page.locator('.gmessages');
const REASON = 'Reason for colleagues (optional)';

describe('releasing a conversation to the team', { skip: skipReason() }, () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => {
    await world?.close();
  });

  it('works from the keyboard: Escape closes the panel, a quick pick and Enter release', async () => {
    const [sarah, mike, guest] = await Promise.all([person(world, 'sarah'), person(world, 'mike'), person(world, 'guest-104', PHONE)]);
    await Promise.all([signIn(sarah, world.url, 'sarah'), signIn(mike, world.url, 'mike'), joinAsGuest(guest, world.url, '104')]);
    await guestSays(guest, 'May I check out at 2 pm?');
    await inboxItem(sarah, '104').click();
    await sarah.getByTestId('handler-line').getByText('You are handling this conversation').waitFor();
    await staffSays(sarah, 'Let me ask my manager.');
    await guestLog(guest).getByText('Let me ask my manager.').waitFor();

    // Mike reads along without taking over.
    await inboxItem(mike, '104').click();
    await mike.getByRole('alertdialog').getByText('Sarah is replying — take over?').waitFor();
    await mike.getByRole('button', { name: 'Just read' }).click();
    await mike.getByRole('button', { name: 'Mark unread' }).waitFor();

    const toggle = sarah.getByRole('button', { name: 'Release to team' });
    const form = sarah.getByRole('dialog', { name: 'Release room 104 to the team' });
    await toggle.focus();
    await sarah.keyboard.press('Enter');
    await form.getByLabel(REASON).and(sarah.locator(':focus')).waitFor();
    await sarah.keyboard.type('Waiting for the manager');
    await sarah.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
    await toggle.and(sarah.locator(':focus')).waitFor();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    // Nothing was released by closing it.
    await sarah.getByTestId('handler-line').getByText('You are handling this conversation').waitFor();

    await sarah.keyboard.press('Enter');
    await form.getByLabel(REASON).and(sarah.locator(':focus')).waitFor();
    assert.equal(await form.getByLabel(REASON).inputValue(), '', 'a closed panel forgets its draft');
    await sarah.keyboard.press('Shift+Tab');
    await form.getByRole('button', { name: 'Needs manager' }).and(sarah.locator(':focus')).waitFor();
    await sarah.keyboard.press('Space');
    assert.equal(await form.getByLabel(REASON).inputValue(), 'Needs manager');
    assert.equal(await form.getByRole('button', { name: 'Needs manager' }).getAttribute('aria-pressed'), 'true');
    await sarah.keyboard.press('Enter');
    await sarah.getByRole('heading', { name: 'Select a conversation' }).waitFor();

    // Mike, reading along, sees that nobody handles it now and why; taking over needs no prompt.
    await mike.getByTestId('handler-line').getByText('Nobody is handling this conversation').waitFor();
    await mike.getByRole('status').getByText('Sarah Jones released this conversation to the team: “Needs manager”').waitFor();
    await inboxItem(sarah, '104').getByText('Unassigned').waitFor();
    await guestHeader(guest).getByText('Front desk team').waitFor();
    await mike.getByRole('button', { name: 'Take over' }).click();
    await mike.getByTestId('handler-line').getByText('You are handling this conversation').waitFor();
    await mike.getByRole('button', { name: 'Release to team' }).waitFor();
    await guestHeader(guest).getByText('Mike Thompson').waitFor();
    await inboxItem(sarah, '104').getByText('Handled by: Mike Thompson').waitFor();
  });

  it('shows the guest the team after a release, also after a reload, and never the reason', async () => {
    const [emma, guest] = await Promise.all([person(world, 'emma'), person(world, 'guest-105', PHONE)]);
    await Promise.all([signIn(emma, world.url, 'emma'), joinAsGuest(guest, world.url, '105')]);
    await guestSays(guest, 'Is there a pharmacy nearby?');
    await inboxItem(emma, '105').click();
    await guestHeader(guest).getByText('Emma Brown').waitFor();

    await emma.getByRole('button', { name: 'Release to team' }).click();
    const form = emma.getByRole('dialog', { name: 'Release room 105 to the team' });
    await form.getByLabel(REASON).fill('<b>Guest seems upset</b>, please be gentle');
    await form.getByRole('button', { name: 'Release', exact: true }).click();
    await emma.getByRole('heading', { name: 'Select a conversation' }).waitFor();

    await guestHeader(guest).getByText('Front desk team').waitFor();
    await guestLog(guest).getByText('Your chat is now with the front desk team').waitFor();
    assert.equal(await guest.getByText('upset', { exact: false }).count(), 0);
    await guest.reload();
    await guestLog(guest).getByText('Is there a pharmacy nearby?').waitFor();
    await guestHeader(guest).getByText('Front desk team').waitFor();

    // Colleagues read the reason as text, never as markup.
    await inboxItem(emma, '105').click();
    // The history line names her as "You".
    await emma.getByRole('log', { name: 'Messages' }).getByText('You released this conversation to the team: “<b>Guest seems upset</b>, please be gentle”').waitFor();
    assert.equal(await emma.getByRole('log', { name: 'Messages' }).locator('b').count(), 0);
    await guestHeader(guest).getByText('Emma Brown').waitFor();
  });
});
