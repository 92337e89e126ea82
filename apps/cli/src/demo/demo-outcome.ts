import { type EventDetail, type EventStatus } from '../api/api-types.js';
import { describeDetail } from '../output/event-output.js';

/** Where a demo webhook ended, as `hookline demo` prints it. */
export interface DemoOutcome {
  tenantId: string;
  sourceId: string;
  provider: string;
  /** Ingest's HTTP status (0: ingest could not be reached). */
  ingestStatus: number;
  rawEventId: string | null;
  types: string[];
  /** The event's latest state; `rejected` when ingest refused it, `pending` when it did not settle in time. */
  outcome: EventStatus | 'rejected' | 'pending';
  why: string;
}

/** States after which nothing more happens to a webhook unless someone replays it. */
export const SETTLED: readonly EventStatus[] = [
  'delivered',
  'filtered',
  'unrouted',
  'dead_lettered',
  'duplicate',
];

/** Why a webhook ended where it did, from its timeline and delivery attempts. */
export function explainOutcome(status: EventStatus, detail: EventDetail | undefined): string {
  const entries = detail?.timeline ?? [];
  const types = detail?.events.map((event) => event.type).join(', ') || 'its event';
  if (status === 'delivered') {
    const destinations = new Set(
      entries
        .filter((entry) => entry.state === 'delivered' && entry.destinationId)
        .map((entry) => entry.destinationId as string),
    );
    return destinations.size > 0
      ? `${types} to ${[...destinations].join(', ')}`
      : `${types} delivered`;
  }
  const entry = [...entries].reverse().find((candidate) => candidate.state === status);
  const said = [entry?.destinationId, describeDetail(entry?.detail)].filter(Boolean).join(': ');
  if (said) return said;
  switch (status) {
    case 'filtered':
      return `the filters of every route taking ${types} refused it`;
    case 'unrouted':
      return `no route takes ${types}`;
    case 'duplicate':
      return 'seen before: nothing delivered';
    default:
      return `${entry?.stage ?? 'pipeline'} ${status}`;
  }
}
