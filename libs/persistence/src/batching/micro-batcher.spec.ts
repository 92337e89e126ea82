import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { distinctRounds, MicroBatcher } from './micro-batcher.js';

/** A batcher that records every batch it runs and answers each item doubled. */
function recording(options: { maxBatch: number; windowMs: number }) {
  const batches: number[][] = [];
  const batcher = new MicroBatcher<number, number>({
    ...options,
    run: async (items) => {
      batches.push([...items]);
      return items.map((item) => item * 2);
    },
  });
  return { batcher, batches };
}

describe('MicroBatcher', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('runs the calls of one turn of the loop as one batch, each caller getting its own result', async () => {
    const { batcher, batches } = recording({ maxBatch: 100, windowMs: 0 });
    const results = await Promise.all([1, 2, 3, 4, 5].map((item) => batcher.submit(item)));
    expect(results).toEqual([2, 4, 6, 8, 10]);
    expect(batches).toEqual([[1, 2, 3, 4, 5]]);
    // A later call starts a batch of its own.
    expect(await batcher.submit(6)).toBe(12);
    expect(batches).toEqual([[1, 2, 3, 4, 5], [6]]);
  });

  it('runs a batch as soon as it is full, the rest when the window ends', async () => {
    jest.useFakeTimers();
    const { batcher, batches } = recording({ maxBatch: 3, windowMs: 50 });
    const results = Promise.all([1, 2, 3, 4, 5, 6, 7].map((item) => batcher.submit(item)));
    // Two full batches ran at once; the seventh call waits for its window.
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(batcher.pending).toBe(1);
    jest.advanceTimersByTime(49);
    expect(batches).toHaveLength(2);
    jest.advanceTimersByTime(1);
    expect(batches).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(batcher.pending).toBe(0);
    expect(await results).toEqual([2, 4, 6, 8, 10, 12, 14]);
  });

  it('flushes on demand without waiting for the window', async () => {
    jest.useFakeTimers();
    const { batcher, batches } = recording({ maxBatch: 10, windowMs: 60_000 });
    const pending = [batcher.submit(1), batcher.submit(2)];
    expect(batches).toEqual([]);
    batcher.flush();
    expect(await Promise.all(pending)).toEqual([2, 4]);
    expect(batches).toEqual([[1, 2]]);
    // The cancelled window does not run an empty batch later.
    jest.advanceTimersByTime(60_000);
    expect(batches).toEqual([[1, 2]]);
  });

  it("fails only the caller whose item failed when the batch answers with that item's error", async () => {
    const batcher = new MicroBatcher<string, string>({
      maxBatch: 10,
      windowMs: 0,
      run: async (items) =>
        items.map((item) => (item === 'bad' ? new Error(`refused ${item}`) : item.toUpperCase())),
    });
    const results = await Promise.allSettled(['a', 'bad', 'c'].map((item) => batcher.submit(item)));
    expect(results).toEqual([
      { status: 'fulfilled', value: 'A' },
      { status: 'rejected', reason: new Error('refused bad') },
      { status: 'fulfilled', value: 'C' },
    ]);
  });

  it("fails a failed batch's callers with its error, and only them", async () => {
    let runs = 0;
    const batcher = new MicroBatcher<number, number>({
      maxBatch: 2,
      windowMs: 0,
      run: async (items) => {
        runs += 1;
        if (items.includes(1)) throw new Error('statement failed');
        return items.map((item) => item * 2);
      },
    });
    const results = await Promise.allSettled([1, 2, 3, 4].map((item) => batcher.submit(item)));
    expect(runs).toBe(2);
    expect(results).toEqual([
      { status: 'rejected', reason: new Error('statement failed') },
      { status: 'rejected', reason: new Error('statement failed') },
      { status: 'fulfilled', value: 6 },
      { status: 'fulfilled', value: 8 },
    ]);
  });

  it('runs each item of a failed batch again alone when asked, so one bad item fails alone', async () => {
    const runs: string[][] = [];
    const batcher = new MicroBatcher<string, string>({
      maxBatch: 10,
      windowMs: 0,
      retryAlone: true,
      run: async (items) => {
        runs.push([...items]);
        if (items.includes('bad')) throw new Error('refused bad');
        return items.map((item) => item.toUpperCase());
      },
    });
    const results = await Promise.allSettled(['a', 'bad', 'c'].map((item) => batcher.submit(item)));
    expect(results).toEqual([
      { status: 'fulfilled', value: 'A' },
      { status: 'rejected', reason: new Error('refused bad') },
      { status: 'fulfilled', value: 'C' },
    ]);
    expect(runs).toEqual([['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
  });

  it('never leaves a caller waiting: a synchronous throw or a wrong number of results fails the batch', async () => {
    const throwing = new MicroBatcher<number, number>({
      maxBatch: 10,
      windowMs: 0,
      run: () => {
        throw new Error('thrown before any promise');
      },
    });
    await expect(Promise.all([throwing.submit(1), throwing.submit(2)])).rejects.toThrow(
      'thrown before any promise',
    );

    const short = new MicroBatcher<number, number>({
      maxBatch: 10,
      windowMs: 0,
      run: async (items) => items.slice(1),
    });
    const results = await Promise.allSettled([short.submit(1), short.submit(2), short.submit(3)]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason).toEqual(
      new Error('expected 3 answers, got 2'),
    );
  });

  it('runs the next batch while one is still running', async () => {
    const started: number[][] = [];
    const finish: (() => void)[] = [];
    const batcher = new MicroBatcher<number, number>({
      maxBatch: 2,
      windowMs: 0,
      run: (items) =>
        new Promise((resolve) => {
          started.push([...items]);
          finish.push(() => resolve(items.map((item) => item + 1)));
        }),
    });
    const first = Promise.all([batcher.submit(1), batcher.submit(2)]);
    const second = Promise.all([batcher.submit(3), batcher.submit(4)]);
    expect(started).toEqual([
      [1, 2],
      [3, 4],
    ]);
    finish[1]!();
    expect(await second).toEqual([4, 5]);
    finish[0]!();
    expect(await first).toEqual([2, 3]);
  });

  it('refuses a batch size below one', () => {
    expect(() => new MicroBatcher({ maxBatch: 0, windowMs: 0, run: async () => [] })).toThrow(
      RangeError,
    );
  });
});

describe('distinctRounds', () => {
  it('puts each key once per round, in the order the items came', () => {
    const items = ['a1', 'b1', 'a2', 'c1', 'a3', 'b2'];
    expect(distinctRounds(items, (item) => item[0]!)).toEqual([
      ['a1', 'b1', 'c1'],
      ['a2', 'b2'],
      ['a3'],
    ]);
    expect(distinctRounds([], (item: string) => item)).toEqual([]);
  });
});
