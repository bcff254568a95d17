// The reference's lunch cover exactly as it reads: John marks the conversation unread and goes
// to lunch, Emma clicks it and is assigned without a prompt, John comes back and takes it back.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { guestSays, inboxItem, joinAsGuest, person, PHONE, signIn, skipReason, staffSays, startWorld } from './support.js';
import type { World } from './support.js';

describe('lunch cover (the reference’s scenario 2)', { skip: skipReason() }, () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => {
    await world?.close();
  });

  it('John marks unread, Emma clicks and is assigned, John returns and takes it back', async () => {
    const [john, emma, guest] = await Promise.all([person(world, 'john'), person(world, 'emma'), person(world, 'guest-102', PHONE)]);
    await Promise.all([signIn(john, world.url, 'john'), signIn(emma, world.url, 'emma'), joinAsGuest(guest, world.url, '102')]);
    await guestSays(guest, 'Could someone recommend a restaurant nearby?');
    await inboxItem(john, '102').click();
    await staffSays(john, 'Let me check our favourites for you.');
    await guest.locator('.gmessages').getByText('Let me check our favourites for you.').waitFor();
    // Emma's row says who wrote last.
    await inboxItem(emma, '102').getByText('John:').waitFor();

    // John goes to lunch: Mark unread (he handles it, so it goes to the team).
    await john.getByRole('button', { name: 'Mark unread' }).click();
    await john.getByRole('heading', { name: 'Select a conversation' }).waitFor();
    for (const staff of [john, emma]) {
      await inboxItem(staff, '102').getByText('Needs cover').waitFor();
      await inboxItem(staff, '102').getByText('Unassigned').waitFor();
    }
    await emma.getByRole('button', { name: 'Unassigned', exact: true }).click();
    await inboxItem(emma, '102').click();
    await emma.getByTestId('handler-line').getByText('You are handling this conversation').waitFor();
    assert.equal(await emma.getByRole('alertdialog').count(), 0, 'no take-over prompt: John released it');
    await inboxItem(john, '102').getByText('Handled by: Emma Brown').waitFor();
    assert.equal(await inboxItem(john, '102').getByText('Needs cover').count(), 0);

    await emma.getByRole('button', { name: 'All', exact: true }).click();
    // John is back; Emma only read it, so he takes it back without a prompt either.
    await inboxItem(john, '102').click();
    await john.getByTestId('handler-line').getByText('You are handling this conversation').waitFor();
    assert.equal(await john.getByRole('alertdialog').count(), 0);
    await inboxItem(emma, '102').getByText('Handled by: John Smith').waitFor();
    await guest.locator('.guest-header').getByText('John Smith').waitFor();
  });
});
