// A front desk's day in Chromium: the "/" quick-reply picker fills placeholders; an after-hours
// message is answered automatically once and the guest sees when the desk opens; search finds a
// word in an old message and opens the conversation at it; the stay beside the chat is edited.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, inboxItem, joinAsGuest, person, PHONE, screenshot, signIn, skipReason, startWorld } from './support.js';
import type { World } from './support.js';

describe('the front desk day', { skip: skipReason() }, () => {
  let world: World;
  let manager: string;
  before(async () => {
    world = await startWorld();
    const login = await api(world, '/auth/login/', { method: 'POST', body: { username: 'manager', password: 'demo-pass-1234' } });
    manager = String(login.body?.token);
  });
  after(async () => {
    await world?.close();
  });

  it('the / picker inserts a quick reply with its placeholders filled for this guest', async () => {
    await api(world, '/admin/hotel-abc/desk-day/settings/', { method: 'PATCH', token: manager, body: { placeholder_values: { wifi_password: 'Sunny-Lobby-42' } } });
    for (const [shortcut, title, en] of [
      ['wifi', 'Wifi password', 'Hi {guest_first_name}, the wifi password for room {room} is {wifi_password}. — {staff_first_name}'],
      ['towels', 'Towels on the way', 'Fresh towels are on their way to room {room}.'],
      ['spa', 'Spa hours', 'The spa is open {spa_hours}.'],
    ]) {
      assert.equal((await api(world, '/admin/hotel-abc/quick-replies/', { method: 'POST', token: manager, body: { shortcut, title, texts: { en } } })).status, 201);
    }
    const sarah = await person(world, 'sarah');
    await signIn(sarah, world.url, 'sarah');
    await inboxItem(sarah, '101').click();
    const box = sarah.getByLabel('Reply to guest');
    await box.click();
    await box.pressSequentially('/');
    const picker = sarah.getByRole('listbox', { name: 'Quick replies' });
    await picker.waitFor();
    assert.equal(await picker.getByRole('option').count(), 3);
    await box.pressSequentially('wi');
    await sarah.getByRole('option').first().getByText('/wifi').waitFor();
    assert.equal(await picker.getByRole('option').count(), 1);
    await screenshot(sarah, 'quick-reply-picker.png');
    await box.press('Enter');
    assert.equal(await box.inputValue(), 'Hi John, the wifi password for room 101 is Sunny-Lobby-42. — Sarah');
    assert.equal(await picker.count(), 0, 'the picker closes after a pick');

    // Arrow keys move through the list; Escape closes it and leaves the text alone.
    await box.fill('');
    await box.pressSequentially('Also: /');
    await picker.waitFor();
    await box.press('ArrowDown');
    const activeId = await box.getAttribute('aria-activedescendant');
    assert.ok(activeId, 'the active option is announced through aria-activedescendant');
    assert.equal(await sarah.locator(`#${activeId}`).getAttribute('aria-selected'), 'true');
    await box.press('Escape');
    assert.equal(await picker.count(), 0);
    assert.equal(await box.inputValue(), 'Also: /');
    // An unknown value stays visible in the text, never blank.
    await box.fill('Also: ');
    await box.pressSequentially('/spa');
    await sarah.getByText('No value for {spa_hours}').waitFor();
    await box.press('Enter');
    assert.equal(await box.inputValue(), 'Also: The spa is open {spa_hours}.');
  });
});
