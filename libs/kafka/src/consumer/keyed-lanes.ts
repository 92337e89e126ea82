/**
 * Runs `handle` over a batch with at most `concurrency` records at once, never two of
 * one key at once, each key's records in their original order. Among the records it
 * may start, it always starts the earliest, so what is done stays close to a
 * contiguous prefix: that prefix is what the caller may commit.
 *
 * When `shouldContinue()` turns false it starts nothing past the furthest record
 * already started, but still finishes the records before it, so every record handled
 * is inside the committed prefix and nothing handled is delivered again.
 */
export interface LaneRunOptions<R> {
  records: readonly R[];
  keyOf(record: R): string | null;
  concurrency: number;
  shouldContinue(): boolean;
  handle(record: R): Promise<void>;
  /** Called with the index of the last record of the done prefix, whenever it grows. */
  onPrefixDone(lastIndex: number): void | Promise<void>;
}

/** A key's records (indexes into the batch, in order) and how far it has got. */
interface Lane {
  key: string;
  indexes: number[];
  next: number;
}

export function runKeyedLanes<R>(options: LaneRunOptions<R>): Promise<void> {
  const { records, concurrency } = options;
  const lanes = new Map<string, Lane>();
  records.forEach((record, index) => {
    // Records without a key carry no ordering promise: each gets a lane of its own.
    const key = options.keyOf(record) ?? `\u0000${index}`;
    const lane = lanes.get(key);
    if (lane) lane.indexes.push(index);
    else lanes.set(key, { key, indexes: [index], next: 0 });
  });

  // Lanes that are idle and have records left, earliest head first: starting the next
  // record costs O(log lanes), however many distinct keys a batch has.
  const startable = new MinHeap<Lane>((lane) => lane.indexes[lane.next] ?? Infinity);
  for (const lane of lanes.values()) startable.push(lane);
  const done = new Array<boolean>(records.length).fill(false);
  let prefix = -1;
  let furthestStarted = -1;
  let inFlight = 0;
  let failure: { error: unknown } | undefined;

  return new Promise<void>((resolve, reject) => {
    const finish = async (lane: Lane, index: number, error?: { error: unknown }) => {
      inFlight -= 1;
      lane.next += 1;
      if (lane.next < lane.indexes.length) startable.push(lane);
      if (error) {
        failure ??= error;
      } else {
        done[index] = true;
        const before = prefix;
        while (prefix + 1 < done.length && done[prefix + 1]) prefix += 1;
        if (prefix > before) {
          try {
            await options.onPrefixDone(prefix);
          } catch (caught) {
            failure ??= { error: caught };
          }
        }
      }
      pump();
    };

    const pump = () => {
      while (!failure && inFlight < concurrency) {
        const lane = startable.peek();
        if (!lane) break;
        const index = lane.indexes[lane.next] as number;
        if (index > furthestStarted && !options.shouldContinue()) break;
        startable.pop();
        inFlight += 1;
        furthestStarted = Math.max(furthestStarted, index);
        options.handle(records[index] as R).then(
          () => finish(lane, index),
          (error: unknown) => finish(lane, index, { error }),
        );
      }
      if (inFlight === 0) {
        if (failure) reject(failure.error);
        else resolve();
      }
    };

    pump();
  });
}

/** A binary min-heap ordered by `rank`. */
class MinHeap<T> {
  private readonly items: T[] = [];

  constructor(private readonly rank: (item: T) => number) {}

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const items = this.items;
    items.push(item);
    let child = items.length - 1;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (this.rank(items[parent] as T) <= this.rank(item)) break;
      items[child] = items[parent] as T;
      child = parent;
    }
    items[child] = item;
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    let parent = 0;
    for (;;) {
      const left = 2 * parent + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const smaller =
        right < items.length && this.rank(items[right] as T) < this.rank(items[left] as T)
          ? right
          : left;
      if (this.rank(items[smaller] as T) >= this.rank(last)) break;
      items[parent] = items[smaller] as T;
      parent = smaller;
    }
    items[parent] = last;
    return top;
  }
}
