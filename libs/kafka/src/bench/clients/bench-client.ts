/** One Kafka client library under the same producer and consumer load. */
export interface BenchClient {
  readonly name: string;
  /** Sends `records` records of the pool's payloads, `BATCH` per send, `IN_FLIGHT` sends at once. */
  produce(topic: string, records: number, pool: readonly Buffer[]): Promise<ClientFigures>;
  /** Reads `records` records from the start of `topic` in a new group, batch by batch. */
  consume(topic: string, records: number): Promise<ClientFigures>;
}

export interface ClientFigures {
  recordsPerSec: number;
  mibPerSec: number;
  note?: string;
}

/** Records per send call and send calls in flight: the same for every client. */
export const BATCH = 500;
export const IN_FLIGHT = 10;
export const MIB = 1024 * 1024;

/** Runs `send` over `records` records in batches, IN_FLIGHT at a time; resolves with seconds. */
export async function sendInBatches(
  records: number,
  pool: readonly Buffer[],
  send: (values: Buffer[]) => Promise<unknown>,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < records) {
      const from = next;
      next = Math.min(records, next + BATCH);
      const values: Buffer[] = [];
      for (let index = from; index < next; index++)
        values.push(pool[index % pool.length] ?? Buffer.alloc(0));
      await send(values);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return (performance.now() - started) / 1_000;
}

/** Counts batches until `records` arrived; seconds from the first batch to the last. */
export function batchCounter(records: number) {
  let count = 0;
  let bytes = 0;
  let first = 0;
  const joinStarted = performance.now();
  let done!: (figures: ClientFigures) => void;
  const finished = new Promise<ClientFigures>((resolve) => (done = resolve));
  return {
    finished,
    add(values: readonly (Buffer | null)[]) {
      if (count === 0) first = performance.now();
      for (const value of values) bytes += value?.length ?? 0;
      count += values.length;
      if (count >= records) {
        const now = performance.now();
        const seconds = (now - first) / 1_000;
        done({
          recordsPerSec: count / seconds,
          mibPerSec: bytes / MIB / seconds,
          note: `incl. group join: ${(count / ((now - joinStarted) / 1_000)).toFixed(0)} rec/s`,
        });
      }
    },
  };
}
