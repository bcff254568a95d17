// A message longer than Pusher's 10 KB event limit (4,000 characters of Japanese and emoji) reaches
// the other side trimmed, with `truncated: true`; both apps then fetch it whole over HTTP and
// show all of it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { guestSays, inboxItem, joinAsGuest, person, PHONE, signIn, skipReason, startWorld } from './support.js';
import type { World } from './support.js';

/** `mark` and then Japanese and emoji up to 4,000 UTF-16 units (the server's and the composers' limit). */
function longText(mark: string): string {
  const unit = 'お湯が出ません🛁';
  let text = `${mark} `;
  while (text.length + unit.length <= 4000) text += unit;
  text += 'あ'.repeat(4000 - text.length);
  assert.equal(text.length, 4000);
  assert.ok(Buffer.byteLength(JSON.stringify(text)) > 10 * 1024, 'over the 10 KB limit as JSON');
  return text;
}

/** The whole text of the one message bubble that starts with `mark`. */
async function shownText(page: Page, selector: string, mark: string): Promise<string> {
  const bubble = page.locator(selector, { hasText: mark });
  await bubble.waitFor();
  return (await bubble.textContent()) ?? '';
}

/** Resolves with the next GET of one whole message (`limit=1`, `before_id`) the page makes. */
function fetchOfOne(page: Page): Promise<URL> {
  return page
    .waitForRequest((r) => r.method() === 'GET' && /\/messages\/\?/.test(r.url()) && new URL(r.url()).searchParams.get('limit') === '1', { timeout: 10_000 })
    .then((r) => new URL(r.url()));
}

describe('a 4,000-character message in Japanese and emoji', { skip: skipReason() }, () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => {
    await world?.close();
  });

  it('reaches the receptionist whole, and the reply reaches the guest whole', async () => {
    const [sarah, guest] = await Promise.all([person(world, 'sarah'), person(world, 'guest-103', PHONE)]);
    await Promise.all([signIn(sarah, world.url, 'sarah'), joinAsGuest(guest, world.url, '103')]);
    await guestSays(guest, 'Hello, a question about the bath.');
    await inboxItem(sarah, '103').click();
    await sarah.getByRole('log', { name: 'Messages' }).getByText('Hello, a question about the bath.').waitFor();

    // The guest's long message: Sarah's open conversation hears it trimmed, then fetches it whole.
    const question = longText('Q-LONG');
    const staffFetch = fetchOfOne(sarah);
    await guest.getByLabel('Your message').fill(question);
    await guest.getByRole('button', { name: 'Send message' }).click();
    const fetched = await staffFetch;
    assert.ok(Number(fetched.searchParams.get('before_id')) > 0);
    await sarah.waitForFunction(
      (want) => [...document.querySelectorAll('.msg .msg-text')].some((e) => e.textContent === want),
      question,
      { timeout: 10_000 },
    );
    assert.equal(await shownText(sarah, '.msg .msg-text', 'Q-LONG'), question);

    // Sarah's long reply: the guest's room channel carries it trimmed; the guest app fetches it whole.
    const answer = longText('A-LONG');
    const guestFetch = fetchOfOne(guest);
    await sarah.getByLabel('Reply to guest').fill(answer);
    await sarah.getByRole('button', { name: 'Send', exact: true }).click();
    await guestFetch;
    await guest.waitForFunction(
      (want) => [...document.querySelectorAll('.gmsg .msg-text')].some((e) => e.textContent === want),
      answer,
      { timeout: 10_000 },
    );
    assert.equal(await shownText(guest, '.gmsg .msg-text', 'A-LONG'), answer);
    // Sarah's own copy is the one her send returned: whole, never replaced by the trimmed event.
    assert.equal(await shownText(sarah, '.msg .msg-text', 'A-LONG'), answer);
  });
});
