// A manager's handoff analytics in Chromium: the charts are drawn (canvas pixels), the tables
// hold the history made through the API, a CSV download carries the same figures, and a
// receptionist who opens the page lands back on the desk.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { api, person, screenshot, signIn, skipReason, startWorld, type World } from './support.js';

describe('handoff analytics in the browser', { skip: skipReason() }, () => {
  let world: World;
  before(async () => {
    world = await startWorld();
    const token = async (username: string) => (await api(world, '/auth/login/', { method: 'POST', body: { username, password: 'demo-pass-1234' } })).body!.token as string;
    const [sarah, mike] = [await token('sarah'), await token('mike')];
    const guest = (await api(world, '/chat/hotel-abc/guest-session/room/101/initialize/', { method: 'POST', body: { pin: '1234' } })).body!;
    const path = `/chat/hotel-abc/conversations/${String(guest.conversation_id)}`;
    const send = async (who: string, message: string) => assert.equal((await api(world, `${path}/messages/send/`, { method: 'POST', token: who, body: { message } })).status, 201);
    await api(world, '/chat/hotel-abc/duty/', { method: 'POST', token: mike, body: { on_duty: true } });
    await send(guest.session_token as string, 'Could I get a late checkout?');
    await send(mike, 'Let me check.');
    await send(guest.session_token as string, 'Thanks!');
    assert.equal((await api(world, '/chat/hotel-abc/duty/', { method: 'POST', token: mike, body: { on_duty: false } })).status, 200);
    await send(sarah, 'Late checkout is fine until 1 pm.');
  });
  after(async () => {
    await world?.close();
  });

  it('shows a manager the charts and tables, and downloads a table as CSV', async () => {
    const page = await person(world, 'manager');
    await signIn(page, world.url, 'manager');
    await page.goto(`${world.url}/staff/analytics/`);
    await page.getByRole('heading', { name: /Handoff analytics/ }).waitFor();
    const load = page.getByRole('region', { name: 'Staff load' });
    await load.getByRole('cell', { name: 'Mike Thompson' }).waitFor();
    assert.equal(await page.locator('canvas').count(), 5);
    // Every chart drew something: its canvas has pixels that are not transparent.
    const drawn = await page.locator('canvas').evaluateAll((canvases) => canvases.map((c) => {
      const el = c as HTMLCanvasElement;
      const data = el.getContext('2d')!.getImageData(0, 0, el.width, el.height).data;
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted += 1;
      return el.width > 0 && el.height > 0 && painted > 100;
    }));
    assert.deepEqual(drawn, [true, true, true, true, true]);
    const tile = page.locator('.an-tile', { hasText: 'Left at clock-out' });
    assert.equal((await tile.locator('.an-tile-value').textContent())?.trim(), '1');
    const sarahRow = load.getByRole('row', { name: /Sarah Jones/ });
    assert.deepEqual(await sarahRow.getByRole('cell').allTextContents(), ['Sarah Jones', '1', '1', '1', '0', '0', '0']);
    await screenshot(page, 'analytics.png');

    const [download] = await Promise.all([page.waitForEvent('download'), load.getByRole('button', { name: 'Download staff load as CSV' }).click()]);
    assert.match(download.suggestedFilename(), /^hotel-abc-staff-load-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.split('\r\n');
    assert.equal(lines[0], 'staff_id,name,role,is_active,conversations,messages,handoffs_received,handoffs_given,alerts');
    assert.ok(lines.some((l) => /^\d+,Mike Thompson,Night Receptionist,true,1,1,0,1,0$/.test(l)), csv);
    assert.ok(lines.some((l) => /^\d+,Sarah Jones,Receptionist,true,1,1,1,0,0$/.test(l)), csv);
  });

  it('changes the window from the date fields', async () => {
    const page = await person(world, 'manager');
    await signIn(page, world.url, 'manager');
    await page.goto(`${world.url}/staff/analytics/`);
    await page.getByRole('cell', { name: 'Mike Thompson' }).first().waitFor();
    await page.getByLabel('From', { exact: true }).fill('2020-01-01');
    await page.getByLabel('To', { exact: true }).fill('2020-01-31');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.locator('.an-tile', { hasText: 'Left at clock-out' }).locator('.an-tile-value', { hasText: /^0$/ }).waitFor();
    await page.getByLabel('From', { exact: true }).fill('2020-01-01');
    await page.getByLabel('To', { exact: true }).fill('2021-06-30');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByRole('alert').getByText(/at most 366 days/).waitFor();
  });

  it('sends a receptionist who opens the page back to the desk', async () => {
    const page = await person(world, 'sarah');
    await signIn(page, world.url, 'sarah');
    await page.goto(`${world.url}/staff/analytics/`);
    await page.locator('.inbox-item').first().waitFor();
    assert.equal(new URL(page.url()).pathname, '/staff/');
    assert.equal(await page.getByRole('heading', { name: /Handoff analytics/ }).count(), 0);
  });
});
