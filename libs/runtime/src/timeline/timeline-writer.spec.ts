import { describe, expect, it } from '@jest/globals';
import { ServiceMetrics } from '@hookline/observability';
import { type EventTimelineRepository, type TimelineEntryInput } from '@hookline/persistence';
import { occurredAt } from './occurred-at.js';
import { TimelineWriter, type TimelineWriterOptions } from './timeline-writer.js';

const entry = (n: number): TimelineEntryInput => ({
  rawEventId: `raw_${n}`,
  tenantId: 'acme',
  stage: 'ingest',
  state: 'received',
  occurredAt: new Date(),
});

/** A writer over a repository whose appends the test can hold, fail and inspect. */
function writerWith(options: Partial<TimelineWriterOptions> = {}) {
  const batches: string[][] = [];
  const control = { fail: false, hold: undefined as Promise<void> | undefined };
  const repository = {
    append: async (entries: readonly TimelineEntryInput[]) => {
      await control.hold;
      if (control.fail) throw new Error('connection refused');
      batches.push(entries.map((e) => e.rawEventId));
    },
  } as EventTimelineRepository;
  const metrics = new ServiceMetrics('test');
  const writer = new TimelineWriter(
    repository,
    { enabled: true, maxBuffered: 10, batchSize: 3, flushIntervalMs: 60_000, ...options },
    metrics,
  );
  const metric = async (name: string) =>
    (await metrics.registry.getSingleMetric(name)?.get())?.values ?? [];
  return { writer, batches, control, metric };
}

describe('TimelineWriter', () => {
  it('writes a full batch at once, the rest on flush, in the order recorded', async () => {
    const { writer, batches, metric } = writerWith();
    writer.record(entry(1), entry(2));
    expect(batches).toEqual([]);
    writer.record(entry(3), entry(4));
    await writer.flush();
    expect(batches).toEqual([['raw_1', 'raw_2', 'raw_3'], ['raw_4']]);
    expect((await metric('hookline_timeline_entries_written_total'))[0]?.value).toBe(4);
  });

  it('flushes what waits after the interval', async () => {
    const { writer, batches } = writerWith({ flushIntervalMs: 20 });
    writer.record(entry(1));
    for (const deadline = Date.now() + 10_000; batches.length === 0 && Date.now() < deadline;)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(batches).toEqual([['raw_1']]);
  });

  it('drops and counts what does not fit while a write is slow, never waiting', async () => {
    const { writer, batches, control, metric } = writerWith({ maxBuffered: 4, batchSize: 2 });
    let release!: () => void;
    control.hold = new Promise((resolve) => (release = resolve));
    writer.record(entry(1), entry(2)); // a batch goes out and hangs
    writer.record(entry(3), entry(4), entry(5), entry(6), entry(7)); // 4 fit
    expect(writer.buffered).toBe(4);
    const dropped = await metric('hookline_timeline_entries_dropped_total');
    expect(dropped).toEqual([
      expect.objectContaining({ labels: { reason: 'buffer_full' }, value: 1 }),
    ]);
    release();
    await writer.flush();
    expect(batches.flat()).toEqual(['raw_1', 'raw_2', 'raw_3', 'raw_4', 'raw_5', 'raw_6']);
  });

  it('counts a refused batch as failed and its entries as dropped, and goes on', async () => {
    const { writer, batches, control, metric } = writerWith();
    control.fail = true;
    writer.record(entry(1), entry(2));
    await expect(writer.flush()).resolves.toBeUndefined();
    control.fail = false;
    writer.record(entry(3));
    await writer.flush();
    expect(batches).toEqual([['raw_3']]);
    expect((await metric('hookline_timeline_write_failures_total'))[0]?.value).toBe(1);
    expect(await metric('hookline_timeline_entries_dropped_total')).toEqual([
      expect.objectContaining({ labels: { reason: 'write_failed' }, value: 2 }),
    ]);
  });

  it('records nothing when disabled', async () => {
    const { writer, batches } = writerWith({ enabled: false });
    writer.record(entry(1), entry(2), entry(3));
    await writer.flush();
    expect(batches).toEqual([]);
  });
});

describe('occurredAt', () => {
  it('is the stage clock, but never before what caused it', () => {
    expect(occurredAt(undefined, 1_000).getTime()).toBe(1_000);
    expect(occurredAt(new Date(500), 1_000).getTime()).toBe(1_000);
    // A producer whose clock runs ahead: the transition still reads back after it.
    expect(occurredAt(new Date(2_000), 1_000).getTime()).toBe(2_001);
    expect(occurredAt('not a date', 1_000).getTime()).toBe(1_000);
  });
});
