// Both web apps (and the API docs) run under the Content Security Policy in real Chromium: no
// violation is reported while a staff member signs in, a guest chats and the staff member
// opens the conversation and answers.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { guestSays, inboxItem, joinAsGuest, person, PHONE, signIn, skipReason, staffSays, startWorld } from './support.js';
import type { World } from './support.js';

/** Records every CSP violation the page reports, from before its first script runs. */
async function watchViolations(page: Page, found: string[]): Promise<void> {
  await page.exposeFunction('__reportViolation', (text: string) => found.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __reportViolation: (t: string) => void }).__reportViolation;
      report(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) found.push(`console: ${msg.text()}`);
  });
}

describe('content security policy in the browser', { skip: skipReason() }, () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => {
    await world?.close();
  });

  it('reports no violation while staff sign in, a guest chats and staff answer', async () => {
    const violations: string[] = [];
    const [sarah, guest] = await Promise.all([person(world, 'sarah'), person(world, 'guest-101', PHONE)]);
    await watchViolations(sarah, violations);
    await watchViolations(guest, violations);
    const csp = (await sarah.goto(`${world.url}/staff/`))?.headers()['content-security-policy'] ?? '';
    assert.match(csp, /connect-src 'self'/, 'the page is served under the policy');

    await signIn(sarah, world.url, 'sarah');
    await joinAsGuest(guest, world.url, '101');
    await guestSays(guest, 'Could I get a late checkout?');
    await inboxItem(sarah, '101').getByText('late checkout', { exact: false }).waitFor();
    await inboxItem(sarah, '101').click();
    await sarah.getByTestId('handler-line').getByText('You are handling this conversation').waitFor();
    await staffSays(sarah, 'Of course, until 1 pm.');
    await guest.locator('.gmsg-staff', { hasText: 'until 1 pm' }).waitFor();
    assert.deepEqual(violations, []);
  });

  it('reports no violation on the API docs page', async () => {
    const violations: string[] = [];
    const page = await person(world, 'docs-reader');
    await watchViolations(page, violations);
    await page.goto(`${world.url}/docs/`);
    await page.locator('.swagger-ui .info').first().waitFor();
    assert.deepEqual(violations, []);
  });
});
