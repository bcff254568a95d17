// The reference's three scenarios, each person in their own browser profile, asserting what
// every one of them sees.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { guestSays, inboxItem, joinAsGuest, person, signIn, skipReason, staffSays, startWorld } from './support.js';
import type { World } from './support.js';

const guestHeader = (page: Page) => page.locator('.guest-header');
/** The guest's message list (the screen-reader live region repeats some of its text). */
const guestLog = (page: Page) => page.locator('.gmessages');
const staffLog = (page: Page) => page.getByRole('log', { name: 'Messages' });

describe('staff handoff in the browser', { skip: skipReason() }, () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => {
    await world?.close();
  });

  it('shift change: Mike opens Sarah’s conversation and the guest sees Mike take over', async () => {
    const [sarah, mike, guest] = await Promise.all([person(world, 'sarah'), person(world, 'mike'), person(world, 'guest-101', { width: 390, height: 844 })]);
    await Promise.all([signIn(sarah, world.url, 'sarah'), signIn(mike, world.url, 'mike'), joinAsGuest(guest, world.url, '101')]);
    await assert.doesNotReject(guestHeader(guest).getByText('Front desk team').waitFor());

    await guestSays(guest, 'Hi! What time is breakfast? 🍳');
    // Both receptionists see the new message in their inbox, without reloading.
    for (const staff of [sarah, mike]) {
      await inboxItem(staff, '101').locator('.badge').waitFor();
      await inboxItem(staff, '101').getByText('What time is breakfast?', { exact: false }).waitFor();
    }

    await inboxItem(sarah, '101').click();
    await sarah.getByTestId('handler-line').getByText('You are handling this conversation').waitFor();
    await guestHeader(guest).getByText('Sarah Jones').waitFor();
    await guestHeader(guest).getByText('Receptionist').waitFor();
    await guestLog(guest).getByText('Sarah Jones (Receptionist) is now assisting you').waitFor();
    await inboxItem(mike, '101').getByText('Handled by: Sarah Jones').waitFor();

    await staffSays(sarah, 'Good morning! Breakfast is served 7–10 in the lobby.');
    const reply = guest.locator('.gmsg-staff', { hasText: 'Breakfast is served' });
    await reply.waitFor();
    assert.match(await reply.locator('.gsender').innerText(), /Sarah Jones\s+Receptionist/);

    // The night shift opens it. Sarah replied seconds ago, so Mike is asked first.
    await inboxItem(mike, '101').click();
    await mike.getByRole('alertdialog').getByText('Sarah is replying — take over?').waitFor();
    await mike.getByRole('button', { name: 'Take over' }).first().click();
    await mike.getByTestId('handler-line').getByText('You are handling this conversation').waitFor();

    await guestLog(guest).getByText('Mike Thompson (Night Receptionist) has taken over from Sarah Jones').waitFor();
    await guestHeader(guest).getByText('Mike Thompson').waitFor();
    await guestHeader(guest).getByText('Night Receptionist').waitFor();
    await sarah.getByRole('status').getByText('Mike Thompson is now handling this conversation').waitFor();
    await sarah.getByTestId('handler-line').getByText('Handled by: Mike Thompson').waitFor();
    await inboxItem(sarah, '101').getByText('Handled by: Mike Thompson').waitFor();

    // Sarah can still write; the guest sees who wrote what.
    await staffSays(mike, 'Hello, Mike from the night desk here. 🌙');
    await guest.locator('.gmsg-staff', { hasText: 'Mike from the night desk' }).getByText('Night Receptionist').waitFor();
  });

  it('lunch cover: John releases the conversation “On break” and Emma picks it up without a prompt', async () => {
    const [john, emma, guest] = await Promise.all([person(world, 'john'), person(world, 'emma'), person(world, 'guest-102', { width: 390, height: 844 })]);
    await Promise.all([signIn(john, world.url, 'john'), signIn(emma, world.url, 'emma'), joinAsGuest(guest, world.url, '102')]);
    await guestSays(guest, 'Could someone recommend a restaurant nearby?');

    await inboxItem(john, '102').click();
    await john.getByTestId('handler-line').getByText('You are handling this conversation').waitFor();
    await staffSays(john, 'Let me check our favourites for you.');
    await guestLog(guest).getByText('Let me check our favourites for you.').waitFor();
    await guestHeader(guest).getByText('John Smith').waitFor();
    // Reading it cleared the badge for everyone.
    await inboxItem(emma, '102').getByText('Handled by: John Smith').waitFor();
    await inboxItem(emma, '102').locator('.badge').waitFor({ state: 'detached' });

    // Off to lunch, with a reason (the reference's plain "Mark unread" is in lunch-cover.test.ts).
    await john.getByRole('button', { name: 'Release to team' }).click();
    const form = john.getByRole('dialog', { name: 'Release room 102 to the team' });
    await form.getByRole('button', { name: 'On break' }).click();
    assert.equal(await form.getByLabel('Reason for colleagues (optional)').inputValue(), 'On break');
    await form.getByRole('button', { name: 'Release', exact: true }).click();
    await john.getByRole('heading', { name: 'Select a conversation' }).waitFor();

    // Nobody handles it now: every dashboard shows it unassigned and unread; the guest sees the team.
    await guestHeader(guest).getByText('Front desk team').waitFor();
    await guestLog(guest).getByText('Your chat is now with the front desk team').waitFor();
    for (const staff of [john, emma]) {
      await inboxItem(staff, '102').getByText('Unassigned').waitFor();
      await inboxItem(staff, '102').locator('.badge').waitFor();
    }
    await emma.waitForFunction(() => document.title.startsWith('(1) '));
    await emma.getByRole('button', { name: 'Unassigned', exact: true }).click();
    await inboxItem(emma, '102').waitFor();

    // John replied moments ago, but he no longer handles it: Emma opens it and is not asked.
    await inboxItem(emma, '102').click();
    await emma.getByTestId('handler-line').getByText('You are handling this conversation').waitFor();
    assert.equal(await emma.getByRole('alertdialog').count(), 0);
    await staffLog(emma).getByText('Could someone recommend a restaurant nearby?').waitFor();
    await staffLog(emma).getByText('John Smith released this conversation to the team: “On break”').waitFor();
    await guestLog(guest).getByText(/^Emma Brown \(.+\) has taken over from John Smith$/).waitFor();
    await guestHeader(guest).getByText('Emma Brown').waitFor();
    await inboxItem(john, '102').getByText('Handled by: Emma Brown').waitFor();
    await inboxItem(john, '102').locator('.badge').waitFor({ state: 'detached' });

    // The guest's message shows as read once Emma has it open.
    await guest.locator('.gmsg-mine .ticks.read').first().waitFor();
  });

  it('three receptionists: all are notified, Sarah takes it, the others read along', async () => {
    const [sarah, john, mike, guest] = await Promise.all([
      person(world, 'sarah'),
      person(world, 'john'),
      person(world, 'mike'),
      person(world, 'guest-103', { width: 390, height: 844 }),
    ]);
    await Promise.all([signIn(sarah, world.url, 'sarah'), signIn(john, world.url, 'john'), signIn(mike, world.url, 'mike'), joinAsGuest(guest, world.url, '103')]);
    for (const staff of [sarah, john, mike]) await staff.locator('.online-now li').nth(2).waitFor();

    await guestSays(guest, 'The air conditioning in my room is not working.');
    for (const staff of [sarah, john, mike]) {
      await inboxItem(staff, '103').locator('.badge').waitFor();
      await inboxItem(staff, '103').getByText('Unassigned').waitFor();
    }

    await inboxItem(sarah, '103').click();
    await guestHeader(guest).getByText('Sarah Jones').waitFor();
    for (const staff of [john, mike]) await inboxItem(staff, '103').getByText('Handled by: Sarah Jones').waitFor();
    // Colleagues see Sarah there, then typing.
    await inboxItem(john, '103').getByText('Sarah viewing').waitFor();
    await sarah.getByLabel('Reply to guest').pressSequentially('So sorry');
    await inboxItem(john, '103').getByText('Sarah typing…').waitFor();
    await guest.locator('.typing-line').getByText('Sarah Jones is typing…').waitFor();
    await staffSays(sarah, 'So sorry about that! An engineer is on the way.');
    await guestLog(guest).getByText('An engineer is on the way.').waitFor();

    // John opens it too, is warned that Sarah is replying, and chooses to only read.
    await inboxItem(john, '103').click();
    await john.getByRole('alertdialog').getByText('Sarah is replying — take over?').waitFor();
    await john.getByRole('button', { name: 'Just read' }).click();
    await staffLog(john).getByText('An engineer is on the way.').waitFor();
    await john.getByTestId('handler-line').getByText('Handled by: Sarah Jones · Receptionist').waitFor();
    // Only the handler can release it; a colleague reading along can still mark it unread.
    await john.getByRole('button', { name: 'Mark unread' }).waitFor();
    assert.equal(await john.getByRole('button', { name: 'Release to team' }).count(), 0);
    await sarah.getByRole('button', { name: 'Release to team' }).waitFor();
    await sarah.getByLabel('Colleagues viewing').getByText('John Smith').waitFor();
    assert.equal(await guestHeader(guest).locator('.handler-name').innerText(), 'Sarah Jones');

    // John drafts a reply; Sarah answers first; John is shown her reply before his goes out.
    await john.getByLabel('Reply to guest').fill('I will send an engineer.');
    await staffSays(sarah, 'The engineer will be there in 5 minutes.');
    await staffLog(john).getByText('The engineer will be there in 5 minutes.').waitFor();
    await john.getByRole('button', { name: 'Send', exact: true }).click();
    const conflict = john.getByRole('alertdialog');
    await conflict.getByText('Sarah Jones replied while you were writing').waitFor();
    await conflict.getByText('The engineer will be there in 5 minutes.').waitFor();
    await john.getByRole('button', { name: 'Keep editing' }).click();
    assert.equal(await john.getByLabel('Reply to guest').inputValue(), 'I will send an engineer.');
    assert.equal(await guestHeader(guest).locator('.handler-name').innerText(), 'Sarah Jones');
  });
});
