export interface MicroBatcherOptions<I, O> {
  /**
   * Runs one batch (one statement, say): one result per item, in the items' order. An
   * `Error` among the results fails that item's caller alone; a rejection fails the batch.
   */
  run(items: readonly I[]): Promise<readonly (O | Error)[]>;
  /** A batch holding this many items runs at once. */
  maxBatch: number;
  /**
   * How long a batch's first item waits for others: 0 waits only for the end of the
   * event loop's current turn (the calls made by the same I/O callbacks and timers).
   */
  windowMs: number;
  /**
   * A failed batch of several items runs each item again alone, so that one bad item
   * (a value the database refuses) fails its own caller only. Only for a `run` that
   * either does everything or nothing (one statement), since its items run again.
   */
  retryAlone?: boolean;
}

interface Pending<I, O> {
  item: I;
  resolve(output: O): void;
  reject(error: unknown): void;
}

/**
 * Coalesces calls made close together into one `run`: a batch runs when it holds
 * `maxBatch` items or when its window ends, whichever comes first, and each caller gets
 * its own result or error. Batches do not wait for each other: one may run while the
 * next fills.
 */
export class MicroBatcher<I, O> {
  private queue: Pending<I, O>[] = [];
  private timer: { cancel(): void } | undefined;

  constructor(private readonly options: MicroBatcherOptions<I, O>) {
    if (!(options.maxBatch >= 1)) throw new RangeError('maxBatch must be at least 1');
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.queue.length >= this.options.maxBatch) this.flush();
      else this.timer ??= this.schedule();
    });
  }

  /** Calls waiting for their batch to run. */
  get pending(): number {
    return this.queue.length;
  }

  /** Runs what is waiting now, without waiting for the window to end. */
  flush(): void {
    this.timer?.cancel();
    this.timer = undefined;
    const batch = this.queue;
    this.queue = [];
    if (batch.length > 0) void this.runBatch(batch);
  }

  private schedule(): { cancel(): void } {
    if (this.options.windowMs <= 0) {
      const handle = setImmediate(() => this.flush());
      return { cancel: () => clearImmediate(handle) };
    }
    const handle = setTimeout(() => this.flush(), this.options.windowMs);
    return { cancel: () => clearTimeout(handle) };
  }

  private async runBatch(batch: Pending<I, O>[]): Promise<void> {
    let outputs: readonly (O | Error)[];
    try {
      outputs = await this.options.run(batch.map((entry) => entry.item));
    } catch (error) {
      if (this.options.retryAlone && batch.length > 1)
        await Promise.all(batch.map((entry) => this.runBatch([entry])));
      else for (const entry of batch) entry.reject(error);
      return;
    }
    if (outputs.length !== batch.length) {
      const error = new Error(
        `a batch of ${batch.length} gave ${outputs.length} results: none can be trusted`,
      );
      for (const entry of batch) entry.reject(error);
      return;
    }
    batch.forEach((entry, index) => {
      const output = outputs[index] as O | Error;
      if (output instanceof Error) entry.reject(output);
      else entry.resolve(output);
    });
  }
}

/**
 * Splits `items` into rounds in which no key appears twice, keeping their order: the
 * first item of each key in the first round, the second in the next, and so on (one
 * statement cannot upsert or update the same row twice; in rounds, one after another,
 * each sees what the one before did, as separate calls would).
 */
export function distinctRounds<T>(items: readonly T[], keyOf: (item: T) => string): T[][] {
  const rounds: T[][] = [];
  const seen = new Map<string, number>();
  for (const item of items) {
    const key = keyOf(item);
    const round = seen.get(key) ?? 0;
    seen.set(key, round + 1);
    (rounds[round] ??= []).push(item);
  }
  return rounds;
}
