import { Coalescer } from './coalescer.js';

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
  /** Batches running at once (one per pooled connection, say); the next fills meanwhile. Default 8. */
  maxInFlight?: number;
}

/**
 * A {@link Coalescer} of one item per call whose batch may answer an `Error` for one
 * item: calls made close together go as one `run`, a batch runs when it holds
 * `maxBatch` items or when its window ends, and each caller gets its own result or error.
 */
export class MicroBatcher<I, O> {
  private readonly coalescer: Coalescer<I, O | Error>;

  constructor(options: MicroBatcherOptions<I, O>) {
    if (!(options.maxBatch >= 1)) throw new RangeError('maxBatch must be at least 1');
    this.coalescer = new Coalescer(options.run, {
      maxItems: options.maxBatch,
      windowMs: options.windowMs,
      maxInFlight: options.maxInFlight ?? 8,
      ...(options.retryAlone ? { retryAlone: true } : {}),
    });
  }

  async submit(item: I): Promise<O> {
    const [output] = await this.coalescer.submit([item]);
    if (output instanceof Error) throw output;
    return output as O;
  }

  /** Calls waiting for their batch to run. */
  get pending(): number {
    return this.coalescer.pending;
  }

  /** Runs what is waiting now, without waiting for the window to end. */
  flush(): void {
    this.coalescer.flush();
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
