import {
  EVENT_TIMELINE_REPOSITORY,
  type EventTimelineRepository,
  type TimelineEntry,
  type TimelineState,
} from '@hookline/persistence';
import { type TestService } from './test-service.js';

/**
 * A raw event's timeline in a test service's database once it holds every state given
 * (entries are written in batches, so this polls); throws naming what it has instead.
 */
export async function timelineOf(
  service: TestService,
  rawEventId: string,
  states: readonly TimelineState[],
  timeoutMs = 20_000,
): Promise<TimelineEntry[]> {
  const timeline = service.app.get<EventTimelineRepository>(EVENT_TIMELINE_REPOSITORY);
  for (const deadline = Date.now() + timeoutMs; ;) {
    const entries = await timeline.forRawEvent(rawEventId);
    const seen = entries.map((entry) => entry.state);
    if (states.every((state) => seen.includes(state))) return entries;
    if (Date.now() > deadline)
      throw new Error(
        `timeline of ${rawEventId} holds [${seen.join(', ')}], not all of [${states.join(', ')}]`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
