/**
 * Runs `handle` over records with at most `concurrency` at once, never two of the same
 * key at once, each key's records in their original order. Reports every completion in
 * order of position so the caller can commit the contiguous prefix that is done.
 */
export interface LaneRunOptions<R> {
  records: readonly R[];
  keyOf(record: R): string | null;
  concurrency: number;
  /** Checked before each record starts; false stops taking new records. */
  shouldContinue(): boolean;
  handle(record: R): Promise<void>;
  /** Called with the index of the last record of the done prefix, whenever it grows. */
  onPrefixDone(lastIndex: number): void;
}

export async function runKeyedLanes<R>(options: LaneRunOptions<R>): Promise<void> {
  const lanes = new Map<string, number[]>();
  options.records.forEach((record, index) => {
    // Records without a key carry no ordering promise: each gets a lane of its own.
    const key = options.keyOf(record) ?? `\u0000${index}`;
    const lane = lanes.get(key);
    if (lane) lane.push(index);
    else lanes.set(key, [index]);
  });

  const done = new Array<boolean>(options.records.length).fill(false);
  let prefix = -1;
  const markDone = (index: number) => {
    done[index] = true;
    let advanced = false;
    while (prefix + 1 < done.length && done[prefix + 1]) {
      prefix += 1;
      advanced = true;
    }
    if (advanced) options.onPrefixDone(prefix);
  };

  // Lanes start in order of their first record, so the committable prefix grows early.
  const queue = [...lanes.values()];
  let failure: unknown;
  const worker = async () => {
    for (let lane = queue.shift(); lane; lane = queue.shift()) {
      for (const index of lane) {
        if (failure !== undefined || !options.shouldContinue()) return;
        try {
          await options.handle(options.records[index] as R);
        } catch (error) {
          failure ??= error;
          return;
        }
        markDone(index);
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(options.concurrency, queue.length)) }, worker),
  );
  if (failure !== undefined) throw failure;
}
