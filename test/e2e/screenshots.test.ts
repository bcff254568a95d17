// Screenshots of both apps at desktop and phone sizes for the README (docs/screenshots/),
// taken from a realistic moment: several guests writing, two receptionists at work.
import { after, before, describe, it } from 'node:test';
import { DESKTOP, guestSays, inboxItem, joinAsGuest, person, PHONE, screenshot, signIn, skipReason, staffSays, startWorld } from './support.js';
import type { World } from './support.js';

describe('screenshots for the README', { skip: skipReason() }, () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => {
    await world?.close();
  });

  it('captures the dashboard and the guest chat at desktop and phone sizes', async () => {
    const [sarah, mike, john101, anna102, kenji103, fatima104] = await Promise.all([
      person(world, 'sarah', DESKTOP),
      person(world, 'mike', DESKTOP),
      person(world, 'guest-101', PHONE),
      person(world, 'guest-102', PHONE),
      person(world, 'guest-103', PHONE),
      person(world, 'guest-104', PHONE),
    ]);
    await john101.goto(`${world.url}/guest/hotel-abc/101`);
    await john101.getByLabel('Room PIN').waitFor();
    await screenshot(john101, 'guest-pin-phone.png');

    await Promise.all([
      signIn(sarah, world.url, 'sarah'),
      signIn(mike, world.url, 'mike'),
      joinAsGuest(john101, world.url, '101'),
      joinAsGuest(anna102, world.url, '102'),
      joinAsGuest(kenji103, world.url, '103'),
      joinAsGuest(fatima104, world.url, '104'),
    ]);

    // The dashboard as a receptionist keeps it: rooms nobody wrote in hidden, on duty.
    for (const staff of [sarah, mike]) await staff.getByRole('checkbox', { name: /Rooms without messages/ }).uncheck();
    await mike.getByRole('switch', { name: 'On duty' }).click();
    await mike.getByRole('button', { name: 'Start shift' }).click();

    await guestSays(anna102, 'What time does the spa open tomorrow?');
    await inboxItem(mike, '102').click();
    await staffSays(mike, 'Good evening! The spa opens at 9 am. Shall I book you a massage? 💆');
    await anna102.locator('.gmessages').getByText('Shall I book you a massage?').waitFor();

    await guestSays(john101, 'Hi! Could we get two extra pillows, please? 🛏️');
    await inboxItem(sarah, '101').click();
    await staffSays(sarah, 'Of course, Mr Doe! Housekeeping will bring them within 10 minutes.');
    await john101.locator('.gmessages').getByText('Housekeeping will bring them').waitFor();
    await guestSays(john101, 'Thank you! Is a late check-out possible on Sunday?');
    await staffSays(sarah, 'Yes, 1 pm at no charge. I have noted it on your booking. 👍');
    await john101.locator('.gmessages').getByText('I have noted it on your booking.').waitFor();
    await guestSays(john101, 'Perfect, thanks so much!');

    await guestSays(kenji103, 'The Wi-Fi password on the card does not work.');
    await guestSays(fatima104, 'Can you book a taxi to the airport for 6 am?');

    // Mike looks in on Sarah's conversation and is asked before taking it over.
    await inboxItem(mike, '101').click();
    await mike.getByRole('alertdialog').waitFor();
    await screenshot(mike, 'staff-takeover-guard-desktop.png');
    await mike.getByRole('button', { name: 'Just read' }).click();

    await sarah.getByLabel('Colleagues viewing').waitFor();
    await john101.getByLabel('Your message').pressSequentially('One more');
    await sarah.getByText('John Doe is typing…').waitFor();
    await inboxItem(sarah, '104').locator('.badge').waitFor();
    await sarah.getByRole('switch', { name: 'On duty' }).click();
    await sarah.getByRole('dialog', { name: 'Your shift' }).getByText('waiting for a reply').waitFor();
    await screenshot(sarah, 'staff-shift-summary-desktop.png');
    await sarah.getByRole('button', { name: 'Start shift' }).click();
    await sarah.getByRole('button', { name: /Internal notes/ }).click();
    await sarah.getByLabel('Internal note for colleagues').fill('Late check-out approved by Maria');
    await sarah.getByRole('button', { name: 'Add note' }).click();
    await sarah.getByRole('list', { name: 'Internal notes' }).getByText('Late check-out approved').waitFor();
    await screenshot(sarah, 'staff-dashboard-desktop.png');
    await john101.getByLabel('Your message').fill('');
    await screenshot(john101, 'guest-chat-phone.png');

    const sarahPhone = await person(world, 'sarah-phone', PHONE);
    await signIn(sarahPhone, world.url, 'sarah');
    await inboxItem(sarahPhone, '104').locator('.badge').waitFor();
    await screenshot(sarahPhone, 'staff-inbox-phone.png');
    await inboxItem(sarahPhone, '101').click();
    await sarahPhone.getByRole('log', { name: 'Messages' }).getByText('Perfect, thanks so much!').waitFor();
    await screenshot(sarahPhone, 'staff-conversation-phone.png');

    const annaDesktop = await person(world, 'guest-102-desktop', DESKTOP);
    await joinAsGuest(annaDesktop, world.url, '102');
    await annaDesktop.locator('.gmessages').getByText('Shall I book you a massage?').waitFor();
    await screenshot(annaDesktop, 'guest-chat-desktop.png');

    // Sarah goes on break: she releases room 101 to the team, and the guest sees the team.
    await sarah.getByRole('button', { name: 'Release to team' }).click();
    const release = sarah.getByRole('dialog', { name: 'Release room 101 to the team' });
    await release.getByRole('button', { name: 'On break' }).click();
    await screenshot(sarah, 'staff-release-desktop.png');
    await release.getByRole('button', { name: 'Release', exact: true }).click();
    await john101.locator('.guest-header').getByText('Front desk team').waitFor();
    await screenshot(john101, 'guest-released-phone.png');

    // Night falls: Sarah (nothing left to hand over) clocks out, then Mike, who handles room 102
    // and leaves a note per room before it goes to the team.
    await sarah.getByRole('switch', { name: 'On duty' }).click();
    await sarah.getByRole('switch', { name: 'On duty', checked: false }).waitFor();
    await mike.getByRole('switch', { name: 'On duty' }).click();
    const out = mike.getByRole('dialog', { name: 'Clock out' });
    await out.getByLabel(/Room 102/).fill('Offered a massage booking; waiting for her answer');
    await screenshot(mike, 'staff-clock-out-desktop.png');
    await out.getByRole('button', { name: 'Clock out and hand over' }).click();
    await anna102.locator('.guest-header').getByText('Front desk team').waitFor();
    await anna102.locator('.guest-header').getByText(/We usually reply within|Nobody is at the desk/).waitFor();
    await screenshot(anna102, 'guest-night-phone.png');
  });
});
