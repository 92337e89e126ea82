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

export function runKeyedLanes<R>(options: LaneRunOptions<R>): Promise<void> {
  const { records, concurrency } = options;
  const queues = new Map<string, number[]>();
  records.forEach((record, index) => {
    // Records without a key carry no ordering promise: each gets a lane of its own.
    const key = options.keyOf(record) ?? `\u0000${index}`;
    const queue = queues.get(key);
    if (queue) queue.push(index);
    else queues.set(key, [index]);
  });

  const busy = new Set<string>();
  const done = new Array<boolean>(records.length).fill(false);
  let prefix = -1;
  let furthestStarted = -1;
  let inFlight = 0;
  let failure: { error: unknown } | undefined;

  return new Promise<void>((resolve, reject) => {
    const nextStartable = (): [string, number] | undefined => {
      let best: [string, number] | undefined;
      for (const [key, queue] of queues) {
        const head = queue[0];
        if (head === undefined || busy.has(key)) continue;
        if (!best || head < best[1]) best = [key, head];
      }
      if (best && !options.shouldContinue() && best[1] > furthestStarted) return undefined;
      return best;
    };

    const finish = async (key: string, index: number, error?: { error: unknown }) => {
      busy.delete(key);
      inFlight -= 1;
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
        const next = nextStartable();
        if (!next) break;
        const [key, index] = next;
        queues.get(key)?.shift();
        busy.add(key);
        inFlight += 1;
        furthestStarted = Math.max(furthestStarted, index);
        options.handle(records[index] as R).then(
          () => finish(key, index),
          (error: unknown) => finish(key, index, { error }),
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
