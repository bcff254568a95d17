// Shift change on the front desk: Sarah clocks out with a handoff note, Mike clocks in and sees
// it in the shift summary and at the top of the room; the guest sees the takeover line with the
// role, also after a reload; a night guest, with nobody on duty, is told when to expect a reply.
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { guestSays, inboxItem, joinAsGuest, person, PHONE, signIn, skipReason, staffSays, startWorld } from './support.js';
import type { World } from './support.js';

const duty = (page: Page) => page.getByRole('switch', { name: 'On duty' });

describe('shift change on the front desk', { skip: skipReason() }, () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => {
    await world?.close();
  });

  it('Sarah clocks out with a note, Mike sees it; the guest keeps the takeover line across a reload', async () => {
    const [sarah, mike, guest] = await Promise.all([person(world, 'sarah'), person(world, 'mike'), person(world, 'guest-101', PHONE)]);
    await Promise.all([signIn(sarah, world.url, 'sarah'), signIn(mike, world.url, 'mike'), joinAsGuest(guest, world.url, '101')]);
    await duty(sarah).click();
    await sarah.getByRole('dialog', { name: 'Your shift' }).getByRole('button', { name: 'Start shift' }).click();
    await sarah.getByRole('region', { name: 'Staff on duty' }).getByText('Sarah Jones, Receptionist').waitFor({ state: 'attached' });
    await mike.getByRole('region', { name: 'Staff on duty' }).getByText('Sarah Jones, Receptionist').waitFor({ state: 'attached' });

    await guestSays(guest, 'Could you book me a taxi to the airport at 5?');
    await inboxItem(sarah, '101').click();
    await staffSays(sarah, 'Of course, I am calling the taxi company now.');
    await guest.locator('.gmessages').getByText('Sarah Jones (Receptionist) is now assisting you').waitFor();

    // Clocking out asks for a note for the conversation she handles, then releases it.
    await duty(sarah).click();
    const out = sarah.getByRole('dialog', { name: 'Clock out' });
    await out.getByLabel(/Room 101/).fill('waiting for taxi confirmation');
    await out.getByRole('button', { name: 'Clock out and hand over' }).click();
    await out.waitFor({ state: 'detached' });
    await inboxItem(mike, '101').getByText('Needs cover').waitFor();

    // Mike starts his shift: the summary lists the note; opening the room shows it at the top.
    await duty(mike).click();
    const summary = mike.getByRole('dialog', { name: 'Your shift' });
    await summary.getByText(/From Sarah, .*: waiting for taxi confirmation/).waitFor();
    await summary.getByRole('button', { name: 'Start shift' }).click();
    await inboxItem(mike, '101').click();
    await mike.getByRole('note', { name: 'Handoff note' }).getByText(/From Sarah, \d\d?:\d\d.*: waiting for taxi confirmation/).waitFor();
    await mike.getByTestId('handler-line').getByText('You are handling this conversation').waitFor();

    // The guest: one line for release + takeover in a row, with the role, and again after a reload.
    const line = 'Mike Thompson (Night Receptionist) has taken over from Sarah Jones';
    await guest.locator('.gmessages').getByText(line).waitFor();
    await guest.reload();
    await guest.locator('.gmessages').getByText('Could you book me a taxi to the airport at 5?').waitFor();
    await guest.locator('.gmessages').getByText(line).waitFor();
    await guest.locator('.gmessages').getByText('Sarah Jones (Receptionist) is now assisting you').waitFor();

    // Mike answers (a reply time to learn from), then clocks out: nobody is on duty now.
    await staffSays(mike, 'Your taxi is confirmed for 5 pm.');
    await guest.locator('.gmessages').getByText('Your taxi is confirmed for 5 pm.').waitFor();
    await duty(mike).click();
    await mike.getByRole('dialog', { name: 'Clock out' }).getByRole('button', { name: 'Clock out and hand over' }).click();
    await mike.getByRole('region', { name: 'Staff on duty' }).getByText('(0)').waitFor();
  });

  it('the night guest, with nobody on duty and nobody handling, sees the expected reply time', async () => {
    const guest = await person(world, 'guest-102', PHONE);
    await joinAsGuest(guest, world.url, '102');
    await guest.locator('.guest-header').getByText('Front desk team').waitFor();
    await guest.locator('.guest-header').getByText(/We usually reply within ~\d+ minutes?/).waitFor();
  });
});
