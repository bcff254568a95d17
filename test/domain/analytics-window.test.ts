// The analytics window rules and the per-hotel gate, without HTTP or a database.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AnalyticsGate, dayNumber, localToday, resolveWindow } from '../../src/domain/analytics.js';
import { AppError } from '../../src/domain/errors.js';
import { csvCell } from '../../src/contract/analytics.js';

const refused = (fn: () => unknown, pattern: RegExp) =>
  assert.throws(fn, (e: unknown) => e instanceof AppError && e.code === 'invalid_request' && pattern.test(e.message));

describe('the analytics window', () => {
  it('takes real calendar dates only', () => {
    assert.equal(dayNumber('2024-02-29'), Date.UTC(2024, 1, 29) / 86_400_000);
    for (const bad of ['2026-02-29', '2026-13-01', '2026-00-10', '2026-1-01', '1999-12-31', '3000-01-01', '', '2026-02-30x']) assert.equal(dayNumber(bad), null, bad);
  });

  it('defaults to the 30 days up to today, or 30 days from `from`', () => {
    assert.deepEqual(resolveWindow({}, '2026-12-01'), { from: '2026-11-02', to: '2026-12-01' });
    assert.deepEqual(resolveWindow({ to: '2026-03-01' }, '2026-12-01'), { from: '2026-01-31', to: '2026-03-01' });
    assert.deepEqual(resolveWindow({ from: '2026-01-01' }, '2026-12-01'), { from: '2026-01-01', to: '2026-01-30' });
  });

  it('allows one day and 366 days, refuses a reversed or longer window', () => {
    assert.deepEqual(resolveWindow({ from: '2026-05-05', to: '2026-05-05' }, '2026-12-01'), { from: '2026-05-05', to: '2026-05-05' });
    assert.deepEqual(resolveWindow({ from: '2024-01-01', to: '2024-12-31' }, '2026-12-01'), { from: '2024-01-01', to: '2024-12-31' });
    refused(() => resolveWindow({ from: '2025-01-01', to: '2026-01-02' }, '2026-12-01'), /at most 366 days/);
    refused(() => resolveWindow({ from: '2026-05-06', to: '2026-05-05' }, '2026-12-01'), /after "to"/);
    refused(() => resolveWindow({ from: '2026-02-30', to: '2026-03-05' }, '2026-12-01'), /"from" must be a calendar date/);
  });

  it("counts today on the hotel's clock", () => {
    const late = new Date('2026-11-30T23:30:00Z');
    assert.equal(localToday(late, 'UTC'), '2026-11-30');
    assert.equal(localToday(late, 'Europe/Berlin'), '2026-12-01');
    assert.equal(localToday(late, 'America/New_York'), '2026-11-30');
  });
});

describe('the analytics gate', () => {
  it('runs two per hotel at once, queues six, refuses the rest, and frees its places', async () => {
    const gate = new AnalyticsGate(2, 6);
    let running = 0;
    let most = 0;
    const release: Array<() => void> = [];
    const work = () => new Promise<void>((resolve) => {
      running += 1;
      most = Math.max(most, running);
      release.push(() => {
        running -= 1;
        resolve();
      });
    });
    const calls = Array.from({ length: 10 }, () => gate.run(1, work).then(() => 'done', (e: unknown) => (e instanceof AppError ? e.code : 'other')));
    const other = gate.run(2, async () => 'other hotel');
    assert.equal(await other, 'other hotel');
    while (release.length < 2) await new Promise((r) => setTimeout(r, 1));
    for (let i = 0; i < 8; i += 1) {
      while (release.length === 0) await new Promise((r) => setTimeout(r, 1));
      release.shift()!();
    }
    const results = await Promise.all(calls);
    assert.deepEqual(results.filter((r) => r === 'done').length, 8);
    assert.deepEqual(results.filter((r) => r === 'rate_limited').length, 2);
    assert.equal(most, 2);
    assert.equal(await gate.run(1, async () => 'again'), 'again');
  });
});

describe('CSV cells', () => {
  it('quotes what needs quoting and keeps formulas text', () => {
    assert.equal(csvCell('Sarah Jones'), 'Sarah Jones');
    assert.equal(csvCell('Smith, Jr'), '"Smith, Jr"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
    for (const f of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) assert.equal(csvCell(f).replace(/^"/, '').startsWith(`'`), true, f);
    assert.equal(csvCell('=HYPERLINK("x","y")'), `"'=HYPERLINK(""x"",""y"")"`);
    assert.equal(csvCell(-5), '-5');
    assert.equal(csvCell(null), '');
    assert.equal(csvCell(true), 'true');
  });
});
