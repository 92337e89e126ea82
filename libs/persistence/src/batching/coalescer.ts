/** How a {@link Coalescer} forms its batches. */
export interface CoalescerOptions {
  /** Items per call at most: a batch this full goes at once. One caller's items are never split. */
  maxItems: number;
  /** The longest the first caller of a batch waits for others; 0: until the event loop's next turn. */
  windowMs: number;
  /** Calls running at once; a batch ready while all run waits (and keeps filling). Default 1. */
  maxInFlight?: number;
  /**
   * When a call of several callers fails, call again for each caller alone, so that items
   * the call refuses (one caller's bad input) fail only their own caller. Default false.
   */
  retryAlone?: boolean;
}

interface Caller<I, O> {
  items: readonly I[];
  resolve(answers: O[]): void;
  reject(error: unknown): void;
}

/**
 * Turns concurrent calls of an array-taking function into fewer, larger calls: what
 * callers submit within `windowMs` of a batch's first caller (or until it holds
 * `maxItems`) goes out as one call of `run` over their items, in order. Each caller is
 * answered with its own slice of the answers; when a call fails, only the callers in
 * that batch see its error (with `retryAlone`, only those whose own call fails too).
 * `run` must answer one value per item, in order.
 */
export class Coalescer<I, O> {
  private open: Caller<I, O>[] = [];
  private openItems = 0;
  private due = false;
  private timer: { cancel(): void } | undefined;
  private running = 0;
  private readonly maxInFlight: number;

  constructor(
    private readonly run: (items: readonly I[]) => Promise<readonly O[]>,
    private readonly options: CoalescerOptions,
  ) {
    if (!Number.isInteger(options.maxItems) || options.maxItems < 1)
      throw new RangeError(`maxItems must be a positive integer, got ${options.maxItems}`);
    if (!(options.windowMs >= 0))
      throw new RangeError(`windowMs must be 0 or more, got ${options.windowMs}`);
    this.maxInFlight = options.maxInFlight ?? 1;
    if (!Number.isInteger(this.maxInFlight) || this.maxInFlight < 1)
      throw new RangeError(`maxInFlight must be a positive integer, got ${this.maxInFlight}`);
  }

  /** Items waiting for their batch to go out. */
  get pending(): number {
    return this.openItems;
  }

  /** Sends what is waiting now (as far as `maxInFlight` allows), without waiting for the window. */
  flush(): void {
    this.due = true;
    this.dispatch();
  }

  /** Answers for `items`, in their order, from the call of the batch they joined. */
  submit(items: readonly I[]): Promise<O[]> {
    if (items.length === 0) return Promise.resolve([]);
    return new Promise<O[]>((resolve, reject) => {
      // A caller that would overfill the open batch starts the next one.
      if (this.openItems > 0 && this.openItems + items.length > this.options.maxItems) {
        this.due = true;
        this.dispatch();
      }
      this.open.push({ items, resolve, reject });
      this.openItems += items.length;
      if (this.openItems >= this.options.maxItems) {
        this.due = true;
        this.dispatch();
      } else if (!this.due && this.timer === undefined) {
        this.timer = this.startWindow();
      }
    });
  }

  private startWindow(): { cancel(): void } {
    if (this.options.windowMs === 0) {
      const immediate = setImmediate(() => this.windowEnded());
      return { cancel: () => clearImmediate(immediate) };
    }
    const timeout = setTimeout(() => this.windowEnded(), this.options.windowMs);
    return { cancel: () => clearTimeout(timeout) };
  }

  private windowEnded(): void {
    this.timer = undefined;
    this.due = true;
    this.dispatch();
  }

  /** Sends the open batch if it is due and a call may start. */
  private dispatch(): void {
    while (this.due && this.open.length > 0 && this.running < this.maxInFlight) {
      const batch = this.take();
      this.running += 1;
      void this.call(batch).finally(() => {
        this.running -= 1;
        this.dispatch();
      });
    }
    if (this.open.length === 0) this.due = false;
  }

  /** The callers of the next call: whole callers, at most `maxItems` items unless one alone has more. */
  private take(): Caller<I, O>[] {
    let count = 0;
    let taken = 0;
    while (taken < this.open.length) {
      const size = this.open[taken]!.items.length;
      if (taken > 0 && count + size > this.options.maxItems) break;
      count += size;
      taken += 1;
    }
    const batch = this.open.splice(0, taken);
    this.openItems -= count;
    if (this.open.length === 0 && this.timer !== undefined) {
      this.timer.cancel();
      this.timer = undefined;
    }
    return batch;
  }

  private async call(batch: Caller<I, O>[]): Promise<void> {
    const items = batch.length === 1 ? batch[0]!.items : batch.flatMap((caller) => caller.items);
    let answers: readonly O[];
    try {
      answers = await this.answered(items);
    } catch (error) {
      if (batch.length > 1 && this.options.retryAlone) {
        await Promise.all(
          batch.map((caller) => this.answered(caller.items).then(caller.resolve, caller.reject)),
        );
      } else for (const caller of batch) caller.reject(error);
      return;
    }
    let offset = 0;
    for (const caller of batch) {
      caller.resolve(answers.slice(offset, offset + caller.items.length));
      offset += caller.items.length;
    }
  }

  /** `run` over `items`, refused unless it answers one value per item. */
  private async answered(items: readonly I[]): Promise<O[]> {
    const answers = await this.run(items);
    if (answers.length !== items.length)
      throw new Error(`expected ${items.length} answers, got ${answers.length}`);
    return [...answers];
  }
}
