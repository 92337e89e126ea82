import { ServiceMetrics } from '@hookline/observability';
import { type EventTimelineRepository, type TimelineEntryInput } from '@hookline/persistence';
import { TimelineWriter, type TimelineWriterOptions } from '../timeline/timeline-writer.js';

/**
 * A TimelineWriter over an in-memory repository, for unit tests of a stage's logic:
 * `entries()` flushes and answers what the stage recorded, in order.
 */
export function recordingTimeline(options: Partial<TimelineWriterOptions> = {}) {
  const written: TimelineEntryInput[] = [];
  const repository = {
    append: async (entries: readonly TimelineEntryInput[]) => void written.push(...entries),
  } as EventTimelineRepository;
  const writer = new TimelineWriter(
    repository,
    { enabled: true, maxBuffered: 1_000, batchSize: 100, flushIntervalMs: 10, ...options },
    new ServiceMetrics('test'),
  );
  return {
    writer,
    entries: async () => {
      await writer.flush();
      return written;
    },
  };
}
