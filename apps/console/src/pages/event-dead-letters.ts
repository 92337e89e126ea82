import { api } from '../api/client';
import { type DeadLetter, type Page, type TimelineEntry } from '../api/types';

/** Where a `dead_lettered` entry's record is: its dead-letter topic, partition and offset. */
export interface DeadLetterPlace {
  topic: string;
  partition: number;
  offset: string;
  occurredAt: string;
}

export function deadLetterPlaces(timeline: TimelineEntry[]): DeadLetterPlace[] {
  const places = new Map<string, DeadLetterPlace>();
  for (const entry of timeline) {
    const detail = entry.detail ?? {};
    if (entry.state !== 'dead_lettered' || typeof detail['topic'] !== 'string') continue;
    const place = {
      topic: detail['topic'],
      partition: Number(detail['partition']),
      offset: String(detail['offset']),
      occurredAt: entry.occurredAt,
    };
    places.set(`${place.topic}/${place.partition}/${place.offset}`, place);
  }
  return [...places.values()];
}

const MINUTE_MS = 60_000;

/** The dead-letter ids of those places (looked up around when each was dead-lettered). */
export async function deadLetterIds(places: DeadLetterPlace[]): Promise<string[]> {
  const ids = await Promise.all(
    places.map(async (place) => {
      const at = Date.parse(place.occurredAt);
      const page = await api.get<Page<DeadLetter>>('/dead-letters', {
        topic: place.topic,
        from: new Date(at - 10 * MINUTE_MS).toISOString(),
        to: new Date(at + 10 * MINUTE_MS).toISOString(),
        limit: 200,
      });
      return page.items
        .filter(
          (letter) =>
            letter.partition === place.partition && String(letter.offset) === place.offset,
        )
        .map((letter) => letter.id);
    }),
  );
  return [...new Set(ids.flat())];
}
