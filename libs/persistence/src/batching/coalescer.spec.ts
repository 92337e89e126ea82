import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { Coalescer, type CoalescerOptions } from './coalescer.js';

/** A coalescer over a function that records its calls, answers `<item>!` and fails on `bad`. */
function coalescerWith(options: Partial<CoalescerOptions> = {}) {
  const calls: string[][] = [];
  const control = { hold: undefined as Promise<void> | undefined, short: false };
  const coalescer = new Coalescer<string, string>(
    async (items) => {
      calls.push([...items]);
      await control.hold;
      if (items.includes('bad')) throw new Error(`refused ${items.join(',')}`);
      const answers = items.map((item) => `${item}!`);
      return control.short ? answers.slice(1) : answers;
    },
    { maxItems: 100, windowMs: 0, ...options },
  );
  return { coalescer, calls, control };
}

function deferred() {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

describe('Coalescer', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('makes the calls of one tick one call, and answers each caller its own items in order', async () => {
    const { coalescer, calls } = coalescerWith();
    const answers = await Promise.all([
      coalescer.submit(['a', 'b']),
      coalescer.submit(['c']),
      coalescer.submit(['d', 'e', 'f']),
    ]);
    expect(calls).toEqual([['a', 'b', 'c', 'd', 'e', 'f']]);
    expect(answers).toEqual([['a!', 'b!'], ['c!'], ['d!', 'e!', 'f!']]);
  });

  it('gathers calls of later ticks within the window', async () => {
    jest.useFakeTimers();
    const { coalescer, calls } = coalescerWith({ windowMs: 2 });
    const first = coalescer.submit(['a']);
    await jest.advanceTimersByTimeAsync(1);
    const second = coalescer.submit(['b']);
    expect(calls).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(await Promise.all([first, second])).toEqual([['a!'], ['b!']]);
    expect(calls).toEqual([['a', 'b']]);
    const third = coalescer.submit(['c']);
    await jest.advanceTimersByTimeAsync(2);
    expect(await third).toEqual(['c!']);
    expect(calls).toEqual([['a', 'b'], ['c']]);
  });

  it('sends a full batch at once, without waiting for the window', async () => {
    const { coalescer, calls } = coalescerWith({ maxItems: 3, windowMs: 60_000 });
    const answers = await Promise.all([coalescer.submit(['a', 'b']), coalescer.submit(['c'])]);
    expect(answers).toEqual([['a!', 'b!'], ['c!']]);
    expect(calls).toEqual([['a', 'b', 'c']]);
    expect(coalescer.pending).toBe(0);
  });

  it('never splits one caller: a caller that would overfill a batch starts the next', async () => {
    const { coalescer, calls } = coalescerWith({ maxItems: 3 });
    const answers = await Promise.all([
      coalescer.submit(['a', 'b']),
      coalescer.submit(['c', 'd']),
      coalescer.submit(['e', 'f', 'g', 'h']),
      coalescer.submit(['i']),
    ]);
    expect(answers).toEqual([['a!', 'b!'], ['c!', 'd!'], ['e!', 'f!', 'g!', 'h!'], ['i!']]);
    expect(calls).toEqual([['a', 'b'], ['c', 'd'], ['e', 'f', 'g', 'h'], ['i']]);
  });

  it('fails only the callers of the batch that failed', async () => {
    const { coalescer, calls } = coalescerWith({ maxItems: 2, maxInFlight: 2 });
    const results = await Promise.allSettled([
      coalescer.submit(['bad']),
      coalescer.submit(['x']),
      coalescer.submit(['y']),
      coalescer.submit(['z']),
    ]);
    expect(calls).toEqual([
      ['bad', 'x'],
      ['y', 'z'],
    ]);
    expect(results).toEqual([
      { status: 'rejected', reason: new Error('refused bad,x') },
      { status: 'rejected', reason: new Error('refused bad,x') },
      { status: 'fulfilled', value: ['y!'] },
      { status: 'fulfilled', value: ['z!'] },
    ]);
    // The coalescer goes on after a failure.
    expect(await coalescer.submit(['after'])).toEqual(['after!']);
  });

  it('with retryAlone, calls again for each caller of a failed call, so a bad item fails only its caller', async () => {
    const { coalescer, calls } = coalescerWith({ retryAlone: true });
    const results = await Promise.allSettled([
      coalescer.submit(['a', 'b']),
      coalescer.submit(['bad']),
      coalescer.submit(['c']),
    ]);
    expect(calls).toEqual([['a', 'b', 'bad', 'c'], ['a', 'b'], ['bad'], ['c']]);
    expect(results).toEqual([
      { status: 'fulfilled', value: ['a!', 'b!'] },
      { status: 'rejected', reason: new Error('refused bad') },
      { status: 'fulfilled', value: ['c!'] },
    ]);
    // A caller alone is not called twice.
    calls.length = 0;
    await expect(coalescer.submit(['bad'])).rejects.toThrow('refused bad');
    expect(calls).toEqual([['bad']]);
  });

  it('runs one call at a time by default; what arrives meanwhile goes as the next call', async () => {
    const { coalescer, calls, control } = coalescerWith();
    const held = deferred();
    control.hold = held.promise;
    const first = coalescer.submit(['a']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([['a']]);
    const later = [coalescer.submit(['b'])];
    await new Promise((resolve) => setImmediate(resolve));
    later.push(coalescer.submit(['c']));
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([['a']]);
    expect(coalescer.pending).toBe(2);
    held.release();
    expect(await first).toEqual(['a!']);
    expect(await Promise.all(later)).toEqual([['b!'], ['c!']]);
    expect(calls).toEqual([['a'], ['b', 'c']]);
  });

  it('fails the callers when the call answers a different number of items', async () => {
    const { coalescer, control } = coalescerWith();
    control.short = true;
    await expect(Promise.all([coalescer.submit(['a']), coalescer.submit(['b'])])).rejects.toThrow(
      'expected 2 answers, got 1',
    );
  });

  it('answers an empty submission without a call, and refuses bad options', async () => {
    const { coalescer, calls } = coalescerWith();
    expect(await coalescer.submit([])).toEqual([]);
    expect(calls).toEqual([]);
    const run = async (items: readonly string[]) => items;
    expect(() => new Coalescer(run, { maxItems: 0, windowMs: 0 })).toThrow(RangeError);
    expect(() => new Coalescer(run, { maxItems: 1, windowMs: -1 })).toThrow(RangeError);
    expect(() => new Coalescer(run, { maxItems: 1, windowMs: 0, maxInFlight: 0 })).toThrow(
      RangeError,
    );
  });
});
