import { describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { runKeyedLanes } from './keyed-lanes.js';

type Item = { key: string | null; id: number; ms: number };

async function run(records: Item[], concurrency: number, stopAfter = Infinity) {
  const started: number[] = [];
  const finished: number[] = [];
  const prefixes: number[] = [];
  let active = 0;
  let maxActive = 0;
  const activeKeys = new Set<string>();
  let overlap = false;
  const error = await runKeyedLanes({
    records,
    keyOf: (record) => record.key,
    concurrency,
    shouldContinue: () => started.length < stopAfter,
    handle: async (record) => {
      started.push(record.id);
      if (record.key !== null && activeKeys.has(record.key)) overlap = true;
      if (record.key !== null) activeKeys.add(record.key);
      maxActive = Math.max(maxActive, ++active);
      await sleep(record.ms);
      active -= 1;
      if (record.key !== null) activeKeys.delete(record.key);
      if (record.id < 0) throw new Error(`boom ${record.id}`);
      finished.push(record.id);
    },
    onPrefixDone: (last) => void prefixes.push(last),
  }).catch((caught: unknown) => caught);
  return { started, finished, prefixes, maxActive, overlap, error };
}

describe('runKeyedLanes', () => {
  it('keeps each key in order and never runs one key twice at once', async () => {
    const records = [0, 1, 2, 3, 4, 5, 6, 7].map((id) => ({ key: `k${id % 2}`, id, ms: 8 - id }));
    const result = await run(records, 4);
    expect(result.overlap).toBe(false);
    expect(result.finished.filter((id) => id % 2 === 0)).toEqual([0, 2, 4, 6]);
    expect(result.finished.filter((id) => id % 2 === 1)).toEqual([1, 3, 5, 7]);
    expect(result.prefixes.at(-1)).toBe(7);
  });

  it('runs different keys concurrently up to the limit', async () => {
    const records = Array.from({ length: 10 }, (_, id) => ({ key: `k${id}`, id, ms: 20 }));
    const result = await run(records, 3);
    expect(result.maxActive).toBe(3);
    expect(result.finished).toHaveLength(10);
  });

  it('reports only the contiguous done prefix', async () => {
    // Record 0 is slow, 1 and 2 fast: nothing is committable until 0 is done.
    const records = [
      { key: 'a', id: 0, ms: 40 },
      { key: 'b', id: 1, ms: 1 },
      { key: 'c', id: 2, ms: 1 },
    ];
    const result = await run(records, 3);
    expect(result.prefixes).toEqual([2]);
  });

  it('stops taking new records when told, finishing those in flight', async () => {
    const records = Array.from({ length: 6 }, (_, id) => ({ key: 'same', id, ms: 5 }));
    const result = await run(records, 2, 2);
    expect(result.finished).toEqual([0, 1]);
    expect(result.prefixes.at(-1)).toBe(1);
  });

  it('when stopped, still finishes the records before the furthest one started', async () => {
    // Four records start; record 4 (k1 again) lies past the furthest started, so it is
    // left for the next owner, and the done prefix 0..3 has no gap.
    const records = [
      { key: 'k1', id: 0, ms: 30 },
      { key: 'k2', id: 1, ms: 1 },
      { key: 'k3', id: 2, ms: 1 },
      { key: 'k4', id: 3, ms: 1 },
      { key: 'k1', id: 4, ms: 1 },
    ];
    const result = await run(records, 4, 4);
    expect(result.finished.sort()).toEqual([0, 1, 2, 3]);
    expect(result.prefixes.at(-1)).toBe(3);
  });

  it('closes gaps left by a busy key before stopping', async () => {
    // Record 1 (k1) must wait for record 0 (k1); records 2 and 3 (other keys) start
    // first. When stopping, 1 is before the furthest started, so it still runs.
    const records = [
      { key: 'k1', id: 0, ms: 20 },
      { key: 'k1', id: 1, ms: 1 },
      { key: 'k2', id: 2, ms: 1 },
      { key: 'k3', id: 3, ms: 1 },
      { key: 'k4', id: 4, ms: 1 },
    ];
    const result = await run(records, 3, 3);
    expect(result.finished.sort()).toEqual([0, 1, 2, 3]);
    expect(result.prefixes.at(-1)).toBe(3);
  });

  it('stops and rethrows on a handler failure, keeping the prefix before it', async () => {
    const records = [
      { key: 'a', id: 0, ms: 1 },
      { key: 'a', id: -1, ms: 1 },
      { key: 'a', id: 2, ms: 1 },
    ];
    const result = await run(records, 1);
    expect(result.error).toEqual(new Error('boom -1'));
    expect(result.finished).toEqual([0]);
    expect(result.prefixes).toEqual([0]);
  });

  it('always starts the earliest startable record, across thousands of keys', async () => {
    // Keys in a scrambled order, some repeated: with one record at a time the start order
    // must still be the batch order, and with a slow key the others flow past it.
    const records = Array.from({ length: 3_000 }, (_, id) => ({
      id,
      key: `k${(id * 7_919) % 2_000}`,
    }));
    const started: number[] = [];
    await runKeyedLanes({
      records,
      keyOf: (record) => record.key,
      concurrency: 1,
      shouldContinue: () => true,
      handle: async (record) => void started.push(record.id),
      onPrefixDone: () => {},
    });
    expect(started).toEqual(records.map((record) => record.id));

    const order: number[] = [];
    await runKeyedLanes({
      records: [{ id: 0, key: 'slow' }, { id: 1, key: 'slow' }, ...records.slice(2, 50)],
      keyOf: (record) => record.key,
      concurrency: 2,
      shouldContinue: () => true,
      handle: async (record) => {
        if (record.key === 'slow') await sleep(20);
        order.push(record.id);
      },
      onPrefixDone: () => {},
    });
    expect(order.slice(0, 48)).toEqual(Array.from({ length: 48 }, (_, index) => index + 2));
    expect(order.slice(48)).toEqual([0, 1]);
  });
});
