// A server restart as the apps live through it: the real server is stopped and started again on
// the same port and database (a PGlite data directory, or the same PostgreSQL schema). Both apps
// must be live again within 5 s of the server being healthy, and what was typed while it was down
// ("Not sent") goes by itself when the connection returns, exactly once.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { newSchemaName, startTestServer, type TestServer } from '../helpers/server.js';
import { CHROMIUM, DESKTOP, ensureWebBuilt, guestSays, inboxItem, joinAsGuest, PHONE, signIn, skipReason } from './support.js';

const LIVE_WITHIN_MS = 5_000;
/** What either app shows while its realtime connection is down. */
const DOWN = /Connecting…|Connection lost/;

const databaseUrl = process.env.DATABASE_URL ?? '';
const schema = databaseUrl ? newSchemaName() : undefined;
const dataDir = databaseUrl ? undefined : mkdtempSync(join(tmpdir(), 'concierge-reconnect-'));

/** The server on `port` (0: any) over the same database every time. */
function start(port: number): Promise<TestServer> {
  return startTestServer({ ...(schema && { schema }), env: { PORT: String(port), ...(dataDir && { DATA_DIR: dataDir }) } });
}

/** How long after `since` the page stopped showing that its connection is down. */
async function liveAgainAfter(page: Page, since: number, deadlineMs = 30_000): Promise<number> {
  for (;;) {
    if ((await page.getByText(DOWN).count()) === 0) return Date.now() - since;
    if (Date.now() - since > deadlineMs) throw new Error(`still not connected ${deadlineMs} ms after the restart`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function messagesOf(server: TestServer, token: string, convo: number): Promise<Array<{ message: string }>> {
  const r = await fetch(`${server.url}/chat/hotel-abc/conversations/${convo}/messages/?limit=200`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(r.status, 200);
  return (await r.json()) as Array<{ message: string }>;
}

describe('a server restart', { skip: skipReason() }, () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    await ensureWebBuilt();
    [server, browser] = await Promise.all([start(0), chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'] })]);
  });
  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('both apps are live again within 5 s of the server answering, and resend what was "Not sent", once', async () => {
    const page = async (viewport: typeof DESKTOP, who: string): Promise<Page> => {
      const context = await browser.newContext({ viewport });
      const p = await context.newPage();
      p.setDefaultTimeout(10_000);
      p.setDefaultNavigationTimeout(30_000);
      p.on('pageerror', (err) => console.log(`# [${who}] page error: ${err.message}`));
      return p;
    };
    const [sarah, guest] = await Promise.all([page(DESKTOP, 'sarah'), page(PHONE, 'guest-102')]);
    await Promise.all([signIn(sarah, server.url, 'sarah'), joinAsGuest(guest, server.url, '102')]);
    await guestSays(guest, 'Before the restart');
    await inboxItem(sarah, '102').click();
    const staffLog = sarah.getByRole('log', { name: 'Messages' });
    await staffLog.getByText('Before the restart').waitFor();
    const convo = Number(/\/conversations\/(\d+)$/.exec(sarah.url())?.[1]);
    assert.ok(convo > 0);

    const port = server.port;
    await server.close();
    await Promise.all([sarah.getByText(DOWN).first().waitFor(), guest.getByText(DOWN).first().waitFor()]);

    // Typed while the server is away: both fail at once and say so.
    await guest.getByLabel('Your message').fill('Typed while the server was away (guest)');
    await guest.getByRole('button', { name: 'Send message' }).click();
    await guest.locator('.gmsg-mine.failed', { hasText: 'Typed while the server was away (guest)' }).waitFor();
    await sarah.getByLabel('Reply to guest').fill('Typed while the server was away (staff)');
    await sarah.getByRole('button', { name: 'Send', exact: true }).click();
    await sarah.locator('.msg-pending', { hasText: 'Typed while the server was away (staff)' }).getByText('Not sent.').waitFor();
    // Long enough for pusher-js to be waiting out its own retry timeout.
    await new Promise((r) => setTimeout(r, 2_000));

    server = await start(port);
    const healthy = Date.now();
    const [staffMs, guestMs] = await Promise.all([liveAgainAfter(sarah, healthy), liveAgainAfter(guest, healthy)]);
    console.log(`# live again after the restart: staff ${staffMs} ms, guest ${guestMs} ms`);
    assert.ok(staffMs < LIVE_WITHIN_MS, `staff app live again after ${staffMs} ms`);
    assert.ok(guestMs < LIVE_WITHIN_MS, `guest app live again after ${guestMs} ms`);

    // What was not sent went by itself: each side sees the other's, and its own is no longer pending.
    await staffLog.getByText('Typed while the server was away (guest)').waitFor();
    await guest.locator('.gmessages').getByText('Typed while the server was away (staff)').waitFor();
    await guest.locator('.gmsg-mine:not(.pending)', { hasText: 'Typed while the server was away (guest)' }).waitFor();
    assert.equal(await sarah.locator('.msg-pending').count(), 0);
    assert.equal(await guest.locator('.gmsg-mine.pending').count(), 0);

    // The connection is really back: a new message is heard live both ways.
    await guestSays(guest, 'After the restart');
    await staffLog.getByText('After the restart').waitFor();

    // Stored once each, however many times they were tried.
    const token = (await (await fetch(`${server.url}/auth/login/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'mike', password: 'demo-pass-1234' }) })).json()).token as string;
    const texts = (await messagesOf(server, token, convo)).map((m) => m.message);
    for (const text of ['Typed while the server was away (guest)', 'Typed while the server was away (staff)', 'Before the restart', 'After the restart']) {
      assert.equal(texts.filter((t) => t === text).length, 1, text);
    }
  });
});
