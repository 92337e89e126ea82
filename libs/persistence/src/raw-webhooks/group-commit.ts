/**
 * Batches concurrent calls into one `flush` (one transaction): while a flush runs, new
 * items queue, and the next flush takes all of them (up to `maxBatch`). Under no load an
 * item is flushed at once; under load, many requests share one commit, so the commit
 * rate, not the request rate, bounds the database work.
 */
export class GroupCommit<I, O> {
  private queue: { item: I; resolve(out: O): void; reject(error: unknown): void }[] = [];
  private flushing = false;

  constructor(
    private readonly flush: (items: I[]) => Promise<O[]>,
    private readonly maxBatch: number,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.flushing) void this.drain();
    });
  }

  get pending(): number {
    return this.queue.length;
  }

  private async drain(): Promise<void> {
    this.flushing = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const outputs = await this.flush(batch.map((entry) => entry.item));
        batch.forEach((entry, index) => entry.resolve(outputs[index] as O));
      } catch (error) {
        for (const entry of batch) entry.reject(error);
      }
    }
    this.flushing = false;
  }
}
