// Scheduling cost of the keyed lanes alone (not a test; it prints figures): one batch
// of records with no-op handlers, from one key to a distinct key per record, best of
// three runs each. Run with `npx nx run kafka:bench-lanes`.
import { performance } from 'node:perf_hooks';
import { runKeyedLanes } from '../consumer/keyed-lanes.js';

const RECORDS = 20_000;

async function scheduleOnce(records: { id: number; key: string }[]): Promise<number> {
  const started = performance.now();
  await runKeyedLanes({
    records,
    keyOf: (record) => record.key,
    concurrency: 16,
    shouldContinue: () => true,
    handle: async () => {},
    onPrefixDone: () => {},
  });
  return performance.now() - started;
}

console.log(`keyed lanes, one batch of ${RECORDS} records, concurrency 16, no-op handlers`);
console.log('distinct keys       ms  µs/record');
for (const keys of [1, 64, 1_000, RECORDS]) {
  const records = Array.from({ length: RECORDS }, (_, id) => ({ id, key: `k${id % keys}` }));
  const times: number[] = [];
  for (let run = 0; run < 3; run++) times.push(await scheduleOnce(records));
  const best = Math.min(...times);
  console.log(
    `${String(keys).padEnd(13)} ${best.toFixed(0).padStart(6)} ${((best * 1_000) / RECORDS).toFixed(2).padStart(10)}`,
  );
}
