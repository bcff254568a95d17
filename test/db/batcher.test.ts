// The group-commit batcher on its own: who shares a statement, how many run at once, who gets
// which answer or error. The statements here are plain async functions; the database side is
// tested through the real server in test/http/group-commit.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as turn } from 'node:timers/promises';
import { Batcher } from '../../src/db/batcher.js';

/** Lets answers settle and the batcher's next turn run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await turn();
}

/** A statement that records what it was given and answers when released. */
function recorder() {
  const calls: Array<{ items: string[]; release: (fail?: Error) => void }> = [];
  let running = 0;
  let maxRunning = 0;
  const run = (items: string[]) =>
    new Promise<string[]>((resolve, reject) => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      calls.push({
        items,
        release: (fail) => {
          running -= 1;
          if (fail) reject(fail);
          else resolve(items.map((i) => `answer to ${i}`));
        },
      });
    });
  return { run, calls, maxRunning: () => maxRunning };
}

describe('Batcher', () => {
  it('sends a lone call at once, and what arrives while the statements run together after them', async () => {
    const r = recorder();
    const b = new Batcher(r.run, { maxInFlight: 1, maxBatch: 64 });
    const first = b.submit('a');
    await settle();
    assert.deepEqual(r.calls.map((c) => c.items), [['a']]);
    const rest = ['b', 'c', 'd'].map((i) => b.submit(i));
    await settle();
    assert.equal(r.calls.length, 1, 'nothing else starts while the one allowed statement runs');
    r.calls[0]!.release();
    assert.equal(await first, 'answer to a');
    await settle();
    assert.deepEqual(r.calls.map((c) => c.items), [['a'], ['b', 'c', 'd']]);
    r.calls[1]!.release();
    assert.deepEqual(await Promise.all(rest), ['answer to b', 'answer to c', 'answer to d']);
  });

  it('runs at most maxInFlight statements of at most maxBatch callers', async () => {
    const r = recorder();
    const b = new Batcher(r.run, { maxInFlight: 2, maxBatch: 3 });
    const all = Array.from({ length: 10 }, (_, i) => b.submit(String(i)));
    await settle();
    assert.deepEqual(r.calls.map((c) => c.items), [['0', '1', '2'], ['3', '4', '5']]);
    while (r.calls.some((c) => c.items.length > 0)) {
      const open = r.calls.find((c) => c.items.length > 0)!;
      open.release();
      open.items = [];
      await settle();
    }
    assert.deepEqual(await Promise.all(all), Array.from({ length: 10 }, (_, i) => `answer to ${i}`));
    assert.equal(r.maxRunning(), 2);
    assert.equal(r.calls.length, 4);
  });

  it('keeps calls with one key in separate statements, in the order they came', async () => {
    const r = recorder();
    const b = new Batcher(r.run, { maxInFlight: 1, maxBatch: 64, keyOf: (i) => i[0]! });
    const all = ['x1', 'y1', 'x2', 'z1', 'x3', 'y2'].map((i) => b.submit(i));
    for (let n = 0; n < 3; n++) {
      await settle();
      r.calls[n]!.release();
    }
    assert.deepEqual(r.calls.map((c) => c.items), [['x1', 'y1', 'z1'], ['x2', 'y2'], ['x3']]);
    assert.deepEqual(await Promise.all(all), ['x1', 'y1', 'x2', 'z1', 'x3', 'y2'].map((i) => `answer to ${i}`));
  });

  it('starts a key’s next call only after its statement finished, even with statements free', async () => {
    const r = recorder();
    const b = new Batcher(r.run, { maxInFlight: 3, maxBatch: 64, keyOf: (i) => i[0]! });
    const all = ['x1', 'x2', 'y1', 'x3'].map((i) => b.submit(i));
    await settle();
    assert.deepEqual(r.calls.map((c) => c.items), [['x1', 'y1']], 'x2 waits although two statements are free');
    r.calls[0]!.release();
    await settle();
    assert.deepEqual(r.calls.map((c) => c.items), [['x1', 'y1'], ['x2']]);
    r.calls[1]!.release();
    await settle();
    r.calls[2]!.release();
    assert.deepEqual(r.calls.map((c) => c.items), [['x1', 'y1'], ['x2'], ['x3']]);
    assert.equal(r.maxRunning(), 1);
    assert.deepEqual(await Promise.all(all), ['x1', 'x2', 'y1', 'x3'].map((i) => `answer to ${i}`));
  });

  it('fails only the callers of the statement that failed', async () => {
    const r = recorder();
    const b = new Batcher(r.run, { maxInFlight: 1, maxBatch: 2, observe: (n) => sizes.push(n) });
    const sizes: number[] = [];
    const all = ['a', 'b', 'c'].map((i) => b.submit(i).then((v) => v, (e: Error) => e.message));
    await settle();
    r.calls[0]!.release(new Error('database away'));
    await settle();
    r.calls[1]!.release();
    assert.deepEqual(await Promise.all(all), ['database away', 'database away', 'answer to c']);
    assert.deepEqual(sizes, [2, 1]);
  });

  it('retries each caller alone when the error may be one caller’s, so only that one fails', async () => {
    const seen: string[][] = [];
    const run = async (items: string[]) => {
      seen.push(items);
      if (items.includes('bad')) throw Object.assign(new Error('refused'), { code: '22P05' });
      return items.map((i) => `answer to ${i}`);
    };
    const b = new Batcher(run, { maxInFlight: 1, maxBatch: 64, retryAlone: (e) => (e as { code?: string }).code === '22P05' });
    const all = ['a', 'bad', 'c'].map((i) => b.submit(i).then((v) => v, (e: Error) => e.message));
    assert.deepEqual(await Promise.all(all), ['answer to a', 'refused', 'answer to c']);
    assert.deepEqual(seen, [['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);

    const down = new Batcher(run, { maxInFlight: 1, maxBatch: 64, retryAlone: () => false });
    const failed = ['bad', 'x'].map((i) => down.submit(i).then((v) => v, (e: Error) => e.message));
    assert.deepEqual(await Promise.all(failed), ['refused', 'refused'], 'any other error fails the whole statement, without retries');
  });
});
