// Shared setup of the browser tests: a fresh web build when web/ changed, Debian's Chromium
// through playwright-core, the real server (test/helpers/server.ts), and one browser context
// per person.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startTestServer, type TestServer, type TestServerOptions } from '../helpers/server.js';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Why these tests cannot run here, or undefined when they can. Without Chromium they are
 * skipped with that reason, except on CI (CI=true), where a missing browser is a failure.
 */
export function skipReason(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  if (process.env.CI === 'true') return undefined;
  const reason = `Chromium not found at ${CHROMIUM} (apt-get install -y chromium); skipping browser tests`;
  console.log(`# ${reason}`);
  return reason;
}

function newestMtime(dir: string): number {
  let latest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    latest = Math.max(latest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return latest;
}

function webIsFresh(): boolean {
  const out = join(root, 'dist', 'web', 'staff', 'index.html');
  const guest = join(root, 'dist', 'web', 'guest', 'index.html');
  return existsSync(out) && existsSync(guest) && statSync(out).mtimeMs >= newestMtime(join(root, 'web'));
}

/** Builds dist/web if missing or older than web/; a lock keeps parallel test files from racing. */
export async function ensureWebBuilt(): Promise<void> {
  if (webIsFresh()) return;
  const lock = join(root, 'dist', '.web-build.lock');
  mkdirSync(join(root, 'dist'), { recursive: true });
  for (let waited = 0; ; waited += 250) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (waited > 90_000 || age > 120_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 250));
      if (webIsFresh()) return;
    }
  }
  try {
    if (webIsFresh()) return;
    const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
    const r = spawnSync(process.execPath, [vite, 'build', '--config', join(root, 'web', 'vite.config.ts'), '--logLevel', 'error'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('web build failed');
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface World {
  url: string;
  /** The server under test (tests that need its alert poller tick it by hand). */
  server: TestServer;
  browser: Browser;
  contexts: BrowserContext[];
  close(): Promise<void>;
}

export async function startWorld(opts: Pick<TestServerOptions, 'clock' | 'alertPollMs'> = {}): Promise<World> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}; on CI it must be installed (apt-get install -y chromium)`);
  await ensureWebBuilt();
  const [server, browser] = await Promise.all([startTestServer({ seed: true, ...opts }), chromium.launch({ executablePath: CHROMIUM, args: ARGS })]);
  const contexts: BrowserContext[] = [];
  return {
    url: server.url,
    server,
    browser,
    contexts,
    async close() {
      await Promise.allSettled(contexts.map((c) => c.close()));
      await browser.close().catch(() => undefined);
      await server.close();
    },
  };
}

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** A fresh browser profile for one person; page errors fail loudly in the test output. */
export async function person(world: World, who: string, viewport = DESKTOP): Promise<Page> {
  const phone = viewport.width < 600;
  const context = await world.browser.newContext({ viewport, isMobile: phone, hasTouch: phone, deviceScaleFactor: phone ? 2 : 1 });
  world.contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  // Loading an app is the slowest step when CI runs two suites at once on two cores (a 10 s
  // page load was seen there); waiting longer for it costs nothing when it is fast.
  page.setDefaultNavigationTimeout(30_000);
  page.on('pageerror', (err) => console.log(`# [${who}] page error: ${err.message}`));
  return page;
}

export const PASSWORD = 'demo-pass-1234';

export async function signIn(page: Page, url: string, username: string): Promise<void> {
  await page.goto(`${url}/staff/`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Rooms nobody wrote in are hidden by default: wait for the loaded list, then show them all,
  // as the older tests expect every checked-in room in the inbox.
  await page.getByRole('checkbox', { name: /Rooms without messages/ }).check();
  await page.locator('.inbox-item').first().waitFor();
}

export async function joinAsGuest(page: Page, url: string, room: string, pin = '1234', hotel = 'hotel-abc'): Promise<void> {
  await page.goto(`${url}/guest/${hotel}/${room}`);
  await page.getByLabel('Room PIN').fill(pin);
  await page.getByRole('button', { name: 'Start chat' }).click();
  await page.getByLabel('Your message').waitFor();
}

export async function guestSays(page: Page, text: string): Promise<void> {
  await page.getByLabel('Your message').fill(text);
  await page.getByRole('button', { name: 'Send message' }).click();
  await page.locator('.gmsg-mine:not(.pending)', { hasText: text.slice(0, 40) }).last().waitFor();
}

export async function staffSays(page: Page, text: string): Promise<void> {
  await page.getByLabel('Reply to guest').fill(text);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
}

/** Waits until a locator matches exactly `n` elements (the UI renders after the event). */
export async function waitForCount(locator: Locator, n: number, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let count = await locator.count();
  while (count !== n) {
    if (Date.now() > until) throw new Error(`expected ${n} elements for ${locator.toString()}, found ${count}`);
    await new Promise((r) => setTimeout(r, 100));
    count = await locator.count();
  }
}

/** A plain HTTP call to the server under test (setting up what the browser then meets). */
export async function api(world: World, path: string, init: { method?: string; token?: string; body?: unknown } = {}) {
  const res = await fetch(`${world.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...(init.body !== undefined && { 'content-type': 'application/json' }), ...(init.token && { authorization: `Bearer ${init.token}` }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> | null };
}

export function inboxItem(page: Page, room: string) {
  return page.locator(`.inbox-item[data-room="${room}"]`);
}

/**
 * Saves a screenshot for the README in docs/screenshots/ when it is missing there or when
 * UPDATE_SCREENSHOTS=1; otherwise in test-results/screenshots/, so that an ordinary test run
 * does not rewrite tracked images (their clock times differ on every run).
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const docs = join(root, 'docs', 'screenshots');
  const update = process.env.UPDATE_SCREENSHOTS === '1' || !existsSync(join(docs, name));
  const dir = update ? docs : join(root, 'test-results', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, name) });
}
