// A front desk's day in Chromium: the "/" quick-reply picker fills placeholders; an after-hours
// message is answered automatically once and the guest sees when the desk opens; search finds a
// word in an old message and opens the conversation at it; the stay beside the chat is edited.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { api, guestSays, inboxItem, joinAsGuest, person, PHONE, screenshot, signIn, skipReason, startWorld } from './support.js';
import type { World } from './support.js';

describe('the front desk day', { skip: skipReason() }, () => {
  let world: World;
  let manager: string;
  // Real time, moved to Monday 30 November 2026, 23:30 UTC (Tuesday 00:30 in Berlin): the desk is closed.
  const shift = Date.parse('2026-11-30T23:30:00Z') - Date.now();
  const clock = { now: () => new Date(Date.now() + shift) };
  before(async () => {
    world = await startWorld({ clock });
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

  it('an after-hours message is answered automatically once, and the guest sees when the desk opens', async () => {
    assert.equal((await api(world, '/admin/hotel-abc/desk/settings/', { method: 'PATCH', token: manager, body: { time_zone: 'Europe/Berlin' } })).status, 200);
    const day = { opens: '07:00', closes: '23:00' };
    const hours = { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day };
    const set = await api(world, '/admin/hotel-abc/desk-day/settings/', { method: 'PATCH', token: manager, body: { desk_hours: hours, emergency_number: '+49 30 1234 5678' } });
    assert.equal(set.status, 200);
    const guest = await person(world, 'guest-102', PHONE);
    await joinAsGuest(guest, world.url, '102');
    const notice = guest.getByTestId('desk-hours');
    await notice.getByText('The front desk is closed').waitFor();
    await notice.getByText('Opens Tuesday 07:00 (hotel time)').waitFor();
    await notice.getByRole('link', { name: 'Emergency: +49 30 1234 5678' }).waitFor();

    await guestSays(guest, 'Is the bar still open?');
    const automatic = guest.locator('.notice-line', { hasText: 'Our front desk is closed right now' });
    await automatic.waitFor();
    await guestSays(guest, 'And can I get an extra pillow?');
    await guestSays(guest, 'Thanks!');
    // A staff reply goes through the same per-conversation queue: once it is stored, every
    // after-hours check queued by the guest's messages has run.
    const login = await api(world, '/auth/login/', { method: 'POST', body: { username: 'mike', password: 'demo-pass-1234' } });
    const list = await fetch(`${world.url}/chat/hotel-abc/conversations/`, { headers: { authorization: `Bearer ${String(login.body?.token)}` } }).then((r) => r.json() as Promise<Array<{ room_number: number; conversation_id: number }>>);
    const id = list.find((c) => c.room_number === 102)!.conversation_id;
    const reply = await api(world, `/chat/hotel-abc/conversations/${id}/messages/send/`, { method: 'POST', token: String(login.body?.token), body: { message: 'A pillow is on its way.' } });
    assert.equal(reply.status, 201);
    await guest.locator('.gmessages').getByText('A pillow is on its way.').waitFor();
    assert.equal(await automatic.count(), 1, 'one automatic reply for the closed period');
    await screenshot(guest, 'guest-after-hours.png');
  });

  it('the stay beside the chat is edited by staff and never reaches the guest', async () => {
    // The clock stands at Tuesday 1 December 2026, 00:30 in Berlin (the hotel's zone since the test above).
    const [kenji, emma] = await Promise.all([person(world, 'guest-103', PHONE), person(world, 'emma')]);
    await Promise.all([joinAsGuest(kenji, world.url, '103'), signIn(emma, world.url, 'emma')]);
    await inboxItem(emma, '103').click();
    const panel = emma.getByTestId('stay-panel');
    await panel.getByText('Arrived today').waitFor();
    await panel.getByRole('button', { name: 'Edit stay' }).click();
    await panel.getByLabel('Departs').fill('2026-12-02');
    await panel.getByLabel('Language').fill('ja');
    await panel.getByLabel('VIP').check();
    await panel.getByLabel(/Note for staff/).fill('Anniversary trip: champagne on arrival');
    await panel.getByRole('button', { name: 'Save stay' }).click();
    await panel.getByText('Arrived today · departs tomorrow').waitFor();
    await panel.getByText('VIP', { exact: true }).waitFor();
    await panel.getByText('Anniversary trip: champagne on arrival').waitFor();
    await screenshot(emma, 'stay-panel.png');
    // Another colleague opening it sees the same stay.
    const mike = await person(world, 'mike');
    await signIn(mike, world.url, 'mike');
    await inboxItem(mike, '103').click();
    await mike.getByRole('button', { name: 'Just read' }).click().catch(() => undefined);
    await mike.getByTestId('stay-panel').getByText('Anniversary trip: champagne on arrival').waitFor();
    await kenji.reload();
    await kenji.getByLabel('Your message').waitFor();
    assert.ok(!(await kenji.content()).includes('Anniversary'), 'the guest app never shows the note');
  });

  it('search finds a word in an old message and opens the conversation at it, highlighted as text', async () => {
    const init = await api(world, '/chat/hotel-abc/guest-session/room/104/initialize/', { method: 'POST', body: { pin: '1234' } });
    const guestToken = String(init.body?.session_token);
    const conversation = Number(init.body?.conversation_id);
    const john = String((await api(world, '/auth/login/', { method: 'POST', body: { username: 'john', password: 'demo-pass-1234' } })).body?.token);
    const send = async (token: string, message: string) => {
      const r = await api(world, `/chat/hotel-abc/conversations/${conversation}/messages/send/`, { method: 'POST', token, body: { message } });
      assert.equal(r.status, 201);
    };
    await send(guestToken, 'Do you have an <b>iron</b> I could borrow?');
    // Sixty later messages: the old one is beyond the first page the conversation loads.
    for (let i = 0; i < 30; i++) {
      await send(guestToken, `Later question ${i}`);
      await send(john, `Later answer ${i}`);
    }
    const sarah = await person(world, 'sarah-search');
    await signIn(sarah, world.url, 'sarah');
    await sarah.getByLabel('Search messages').fill('iron');
    const results = sarah.getByRole('list', { name: 'Search results' });
    const result = results.getByRole('button', { name: /Room 104/ });
    await result.waitFor();
    assert.equal(await result.locator('mark').textContent(), 'iron');
    assert.ok((await result.textContent())?.includes('<b>iron</b>'), 'markup in a message is shown as the text it is');
    assert.equal(await result.locator('b').count(), 0);
    await screenshot(sarah, 'search-results.png');
    await result.click();
    await sarah.getByRole('button', { name: 'Just read' }).click({ timeout: 3000 }).catch(() => undefined);
    const target = sarah.locator('[data-message-id]', { hasText: 'I could borrow?' });
    await target.waitFor();
    await sarah.locator('[data-search-target]', { hasText: 'I could borrow?' }).waitFor();
    assert.ok(await target.isVisible());
    const inView = await target.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    });
    assert.ok(inView, 'the conversation opens scrolled to the message');
  });

  it('the guest downloads the conversation and staff export it, as text on the hotel clock', async () => {
    const guest = await person(world, 'guest-105', PHONE);
    await joinAsGuest(guest, world.url, '105');
    await guestSays(guest, 'Könnte ich bitte ein Taxi für 8 Uhr bekommen? 🚕');
    const [file] = await Promise.all([guest.waitForEvent('download'), guest.getByRole('button', { name: 'Download conversation' }).click()]);
    assert.match(file.suggestedFilename(), /^conversation-room-105-\d{4}-\d{2}-\d{2}\.txt$/);
    const text = await readFile((await file.path())!, 'utf8');
    assert.match(text, /^Hotel ABC — conversation with the front desk\nRoom 105 · Luis Ortega\nTimes are Europe\/Berlin/);
    assert.match(text, /\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}\] Luis Ortega: Könnte ich bitte ein Taxi für 8 Uhr bekommen\? 🚕\n/);
    assert.match(text, /\[Automatic reply\] Thank you for your message/, 'after hours: the automatic reply is marked');
    await screenshot(guest, 'guest-transcript.png');

    const emma = await person(world, 'emma-export');
    await signIn(emma, world.url, 'emma');
    await inboxItem(emma, '105').click();
    const [exported] = await Promise.all([emma.waitForEvent('download'), emma.getByRole('button', { name: 'Export transcript' }).click()]);
    const staffText = await readFile((await exported.path())!, 'utf8');
    assert.ok(staffText.includes('Luis Ortega: Könnte ich bitte ein Taxi'));
  });
});
