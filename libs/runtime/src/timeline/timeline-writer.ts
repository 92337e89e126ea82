import { Inject, Injectable, Logger } from '@nestjs/common';
import { ServiceMetrics } from '@hookline/observability';
import {
  EVENT_TIMELINE_REPOSITORY,
  type EventTimelineRepository,
  type TimelineEntryInput,
} from '@hookline/persistence';

/** How a service writes its timeline entries. */
export interface TimelineWriterOptions {
  enabled: boolean;
  /** Entries held at most; more are dropped (and counted) until a flush makes room. */
  maxBuffered: number;
  /** Entries per INSERT; a full batch is flushed at once. */
  batchSize: number;
  /** The longest an entry waits for its batch. */
  flushIntervalMs: number;
}

export const TIMELINE_WRITER_OPTIONS = Symbol('TIMELINE_WRITER_OPTIONS');

/** At most one warning per this long while writes keep failing. */
const WARN_EVERY_MS = 30_000;

/**
 * Writes the timeline off the hot path: `record` only buffers (it never waits and never
 * throws); batches go out as one multi-row INSERT when full or after a short interval,
 * one at a time. When the buffer is full or PostgreSQL refuses a batch, entries are
 * dropped and counted: the timeline is for people, and must never slow or stop a stage.
 * The dependency supervisor flushes it on shutdown, before PostgreSQL's pool closes.
 */
@Injectable()
export class TimelineWriter {
  private readonly logger = new Logger(TimelineWriter.name);
  private buffer: TimelineEntryInput[] = [];
  private flushing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastWarning = 0;
  private readonly written;
  private readonly dropped;
  private readonly failures;
  private readonly bufferedGauge;

  constructor(
    @Inject(EVENT_TIMELINE_REPOSITORY) private readonly repository: EventTimelineRepository,
    @Inject(TIMELINE_WRITER_OPTIONS) private readonly options: TimelineWriterOptions,
    metrics: ServiceMetrics,
  ) {
    this.written = metrics.counter(
      'hookline_timeline_entries_written_total',
      'Timeline entries written to PostgreSQL',
      [],
    );
    this.dropped = metrics.counter(
      'hookline_timeline_entries_dropped_total',
      'Timeline entries dropped: buffer_full (writes not keeping up) or write_failed (PostgreSQL refused the batch)',
      ['reason'],
    );
    this.failures = metrics.counter(
      'hookline_timeline_write_failures_total',
      'Timeline batches PostgreSQL refused (their entries are dropped)',
      [],
    );
    this.bufferedGauge = metrics.gauge(
      'hookline_timeline_buffered_entries',
      'Timeline entries waiting to be written',
      [],
    );
  }

  get enabled(): boolean {
    return this.options.enabled;
  }

  get buffered(): number {
    return this.buffer.length;
  }

  /** Buffers entries for the next batch; drops (and counts) what does not fit. */
  record(...entries: TimelineEntryInput[]): void {
    if (!this.options.enabled || entries.length === 0) return;
    const room = this.options.maxBuffered - this.buffer.length;
    if (room < entries.length) this.dropped.inc({ reason: 'buffer_full' }, entries.length - room);
    if (room > 0) this.buffer.push(...entries.slice(0, room));
    this.bufferedGauge.set(this.buffer.length);
    if (this.buffer.length >= this.options.batchSize) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.options.flushIntervalMs).unref();
  }

  /** Writes everything buffered so far; resolves when done (failures are counted, not thrown). */
  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async drain(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, this.options.batchSize);
      this.bufferedGauge.set(this.buffer.length);
      try {
        await this.repository.append(batch);
        this.written.inc(batch.length);
      } catch (error) {
        this.failures.inc();
        this.dropped.inc({ reason: 'write_failed' }, batch.length);
        this.warn(error, batch.length);
      }
    }
  }

  private warn(error: unknown, count: number): void {
    if (Date.now() - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = Date.now();
    this.logger.warn(
      `timeline: ${count} entries dropped, PostgreSQL refused the batch: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
