// A photo from the guest's phone to the front desk, in Chromium: the guest picks a picture taken
// with EXIF and GPS (setInputFiles on the camera input), sees the upload's progress, and the
// photo appears as a thumbnail on the staff dashboard that opens full size — with no metadata,
// and not for another room's guest or another hotel's staff.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { hashToken } from '../../src/domain/actor.js';
import { filesBehind } from '../../src/storage/index.js';
import { inboxItem, joinAsGuest, person, PHONE, screenshot, signIn, skipReason, startWorld } from './support.js';
import type { World } from './support.js';

/** A 900×600 photo of noise (so it stays large after JPEG compression), stored sideways (orientation 6) with a camera make and GPS. */
async function noisyPhoneJpeg(): Promise<Buffer> {
  const width = 900;
  const height = 600;
  return sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 95 })
    .withExif({ IFD0: { Make: 'TestCam', Model: 'Phone 1' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 8/1 0/1' } })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

describe('photos from the guest\'s phone to the dashboard', { skip: skipReason() }, () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => {
    await world?.close();
  });

  it('shows the upload\'s progress, then a thumbnail for staff that opens full size; others get 403', async () => {
    const [sarah, guest] = await Promise.all([person(world, 'sarah'), person(world, 'guest-101', PHONE)]);
    await Promise.all([signIn(sarah, world.url, 'sarah'), joinAsGuest(guest, world.url, '101')]);
    await inboxItem(sarah, '101').click();
    await sarah.getByLabel('Reply to guest').waitFor();

    // A slow uplink, as on a hotel's Wi-Fi, so the progress can be seen.
    const cdp = await guest.context().newCDPSession(guest);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 200 * 1024 });
    const photo = await noisyPhoneJpeg();
    assert.ok(photo.length > 400_000, `${photo.length} bytes`);
    await guest.getByTestId('camera-input').setInputFiles({ name: 'lamp.jpg', mimeType: 'image/jpeg', buffer: photo });
    const progress = guest.locator('.att-status[role="status"]');
    await progress.waitFor();
    assert.match((await progress.textContent()) ?? '', /Sending lamp\.jpg… \d+%/);
    await guest.waitForFunction(() => Number(document.querySelector<HTMLProgressElement>('.att-status progress')?.value ?? 0) > 0);
    await screenshot(guest, 'photo-upload-progress-phone.png');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

    // The guest's own bubble shows the photo, loaded.
    const mine = guest.locator('.gmsg-mine .att-thumb img');
    await mine.waitFor({ timeout: 30_000 });
    await guest.waitForFunction(() => (document.querySelector<HTMLImageElement>('.gmsg-mine .att-thumb img')?.naturalWidth ?? 0) > 0);
    await progress.waitFor({ state: 'detached' });
    await screenshot(guest, 'photo-guest-phone.png');

    // The dashboard got it through realtime (no URL in the payload) and fetched its own thumbnail URL.
    const thumb = sarah.locator('.messages .att-thumb img');
    await thumb.waitFor();
    await sarah.waitForFunction(() => (document.querySelector<HTMLImageElement>('.messages .att-thumb img')?.naturalWidth ?? 0) > 0);
    await inboxItem(sarah, '101').getByText('lamp.jpg').waitFor();
    await screenshot(sarah, 'photo-staff-thumbnail.png');
    const thumbSize = await thumb.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]);
    assert.deepEqual(thumbSize, [213, 320], 'a 320-pixel thumbnail, upright (portrait)');
    await sarah.locator('.messages .att-thumb').click();
    const full = sarah.locator('.att-lightbox img.att-full');
    await full.waitFor();
    await sarah.waitForFunction(() => (document.querySelector<HTMLImageElement>('.att-lightbox img.att-full')?.naturalWidth ?? 0) > 0);
    assert.deepEqual(await full.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]), [600, 900], 'full size, turned upright');
    await screenshot(sarah, 'photo-staff-full-size.png');
    const fullUrl = (await full.getAttribute('src'))!;
    const bytes = await sarah.evaluate(async (url) => {
      const res = await fetch(url);
      return { status: res.status, text: new TextDecoder('latin1').decode(await res.arrayBuffer()) };
    }, fullUrl);
    assert.equal(bytes.status, 200);
    assert.equal(bytes.text.includes('TestCam'), false, 'no camera metadata');
    assert.equal(bytes.text.includes('Exif'), false, 'no EXIF block');
    await sarah.keyboard.press('Escape');
    await full.waitFor({ state: 'detached' });

    // Another room's guest and another hotel's staff: refused, whether asking for URLs or holding one made for them.
    const id = Number(/\/files\/(\d+)\//.exec(fullUrl)![1]);
    const signer = filesBehind(world.server.deps.files)!.signer;
    const [other, olga] = await Promise.all([person(world, 'guest-102', PHONE), person(world, 'olga')]);
    await joinAsGuest(other, world.url, '102');
    await olga.goto(`${world.url}/staff/`);
    await olga.getByLabel('Username').fill('olga');
    await olga.getByLabel('Password').fill('demo-pass-1234');
    await olga.getByRole('button', { name: 'Sign in' }).click();
    await olga.locator('.inbox-item, .empty-note, .inbox').first().waitFor();
    const tokens = {
      other: await other.evaluate(() => localStorage.getItem('concierge.guest.hotel-abc.102')!),
      olga: await olga.evaluate(() => localStorage.getItem('concierge.staff.token')!),
    };
    for (const [page, token, kind] of [[other, tokens.other, 'guest'], [olga, tokens.olga, 'staff']] as const) {
      const asked = await page.evaluate(async ({ id, token }) => (await fetch(`/chat/hotel-abc/attachments/${id}/`, { headers: { authorization: `Bearer ${token}` } })).status, { id, token });
      assert.equal(asked, 403);
      const own = signer.sign(id, 'full', { kind, tokenHash: hashToken(token) }, new Date()).url;
      const res = await page.goto(world.url + own);
      assert.equal(res?.status(), 403);
    }
    const expired = signer.sign(id, 'full', { kind: 'staff', tokenHash: hashToken(await sarah.evaluate(() => localStorage.getItem('concierge.staff.token')!)) }, new Date(Date.now() - 2 * 3600_000)).url;
    assert.equal((await (await person(world, 'sarah-link')).goto(world.url + expired))?.status(), 403);

    // And back: staff send an invoice PDF; the guest gets a chip that downloads it.
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
    await sarah.getByTestId('attach-input').setInputFiles({ name: 'invoice.pdf', mimeType: 'application/pdf', buffer: pdf });
    const chip = guest.locator('.gmsg-staff .att-file');
    await chip.waitFor();
    assert.match((await chip.textContent()) ?? '', /invoice\.pdf/);
    const download = await guest.evaluate(async (url) => (await fetch(url)).status, (await chip.getAttribute('href'))!);
    assert.equal(download, 200);
    await screenshot(guest, 'photo-guest-invoice-phone.png');
  });
});
