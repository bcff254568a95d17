// The limit rules on a controllable clock, without HTTP: the attempt budgets (over a real
// in-memory database), the send pace, and which addresses share a budget.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../../src/db/store.js';
import { AppError } from '../../src/domain/errors.js';
import type { Clock, Store } from '../../src/domain/ports.js';
import { addressBudget, reserveAttempt, TokenBuckets } from '../../src/domain/rate-limit.js';

class ManualClock implements Clock {
  constructor(private ms = Date.parse('2030-01-01T00:00:00Z')) {}
  now = (): Date => new Date(this.ms);
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

const WINDOW = 15 * 60 * 1000;

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof AppError);
    return err;
  }
  assert.fail('expected a refusal');
}

describe('attempt budgets', () => {
  let store: Store;
  before(async () => {
    store = (await openStore({ databaseUrl: null, dataDir: 'memory://' })).store;
  });
  after(() => store.close());

  it('refuses the attempt after `max` failures, and says when the oldest leaves the window', async () => {
    const clock = new ManualClock();
    const budgets = [{ key: 'k1', max: 3 }];
    for (let i = 0; i < 3; i++) {
      await reserveAttempt(store, clock, WINDOW, budgets, 'k1');
      clock.advance(60);
    }
    const err = await refusal(reserveAttempt(store, clock, WINDOW, budgets, 'k1'));
    assert.equal(err.code, 'rate_limited');
    assert.equal(err.details?.retry_after, 15 * 60 - 3 * 60);
    clock.advance(15 * 60 - 3 * 60);
    await reserveAttempt(store, clock, WINDOW, budgets, 'k1');
  });

  it('counts concurrent attempts before any is judged: 50 at once get exactly `max`', async () => {
    const clock = new ManualClock();
    const outcomes = await Promise.allSettled(Array.from({ length: 50 }, () => reserveAttempt(store, clock, WINDOW, [{ key: 'k2', max: 7 }], 'k2')));
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 7);
  });

  it('refuses when any one budget is spent and then counts under none of them', async () => {
    const clock = new ManualClock();
    const shared = { key: 'addr', max: 2 };
    await reserveAttempt(store, clock, WINDOW, [shared, { key: 'a', max: 10 }], 'a');
    await reserveAttempt(store, clock, WINDOW, [shared, { key: 'b', max: 10 }], 'b');
    await refusal(reserveAttempt(store, clock, WINDOW, [shared, { key: 'c', max: 1 }], 'c'));
    await reserveAttempt(store, clock, WINDOW, [{ key: 'c', max: 1 }], 'c');
  });

  it('does not count a right guess, and forgets the caller’s own failures on that target', async () => {
    const clock = new ManualClock();
    const budgets = (pair: string) => [{ key: pair, max: 2 }, { key: 'target', max: 3 }];
    await reserveAttempt(store, clock, WINDOW, budgets('me'), 'me');
    const right = await reserveAttempt(store, clock, WINDOW, budgets('me'), 'me');
    await right.succeeded();
    await reserveAttempt(store, clock, WINDOW, budgets('me'), 'me');
    await reserveAttempt(store, clock, WINDOW, budgets('me'), 'me');
    const err = await refusal(reserveAttempt(store, clock, WINDOW, budgets('other'), 'other'));
    assert.equal(err.code, 'rate_limited', 'the target still counts the failures of everyone');
  });

  it('does not count an attempt that was never judged', async () => {
    const clock = new ManualClock();
    const first = await reserveAttempt(store, clock, WINDOW, [{ key: 'k3', max: 1 }], 'k3');
    await first.cancel();
    await reserveAttempt(store, clock, WINDOW, [{ key: 'k3', max: 1 }], 'k3');
  });
});

describe('send pace', () => {
  it('lets `capacity` through at once, then one more per 60/capacity seconds', () => {
    const clock = new ManualClock();
    const buckets = new TokenBuckets(6, clock);
    for (let i = 0; i < 6; i++) assert.equal(buckets.take('s'), 0);
    assert.equal(buckets.take('s'), 10);
    assert.equal(buckets.take('other'), 0, 'each key has its own bucket');
    clock.advance(10);
    assert.equal(buckets.take('s'), 0);
    assert.equal(buckets.take('s'), 10);
    clock.advance(3600);
    for (let i = 0; i < 6; i++) assert.equal(buckets.take('s'), 0, 'never more than capacity saved up');
    assert.ok(buckets.take('s') > 0);
  });

  it('keeps at most maxKeys buckets, forgetting the least recently used', () => {
    const clock = new ManualClock();
    const buckets = new TokenBuckets(1, clock, 2);
    buckets.take('a');
    buckets.take('b');
    buckets.take('c');
    assert.equal(buckets.take('a'), 0, 'a was forgotten: a full bucket again');
    assert.ok(buckets.take('c') > 0);
  });
});

describe('address budgets', () => {
  it('gives each IPv4 address its own budget and each IPv6 /64 one shared budget', () => {
    assert.equal(addressBudget('203.0.113.7'), '203.0.113.7');
    assert.equal(addressBudget('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
    assert.equal(addressBudget('2001:0db8:0001:0002:ffff:ffff:ffff:ffff'), '2001:db8:1:2::/64');
    assert.equal(addressBudget('2001:db8::1'), '2001:db8:0:0::/64');
    assert.equal(addressBudget('::1'), '0:0:0:0::/64');
  });
});
