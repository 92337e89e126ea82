import { Topics } from '@hookline/contracts';

export interface DeadLetterOrigin {
  destinationId: string | null;
  rawEventId: string | null;
  eventId: string | null;
}

const NONE: DeadLetterOrigin = { destinationId: null, rawEventId: null, eventId: null };

/**
 * What a dead letter was about, read from its value as its original topic's contract
 * lays it out (a delivery task, an event, a raw envelope). A value that cannot be read
 * (a poison pill) gives nulls, and the key's destination for a delivery.
 */
export function deadLetterOrigin(
  originalTopic: string,
  key: Buffer | null,
  value: Buffer | null,
): DeadLetterOrigin {
  const parsed = parseObject(value);
  const text = (holder: unknown, name: string): string | null => {
    const field = isObject(holder) ? holder[name] : undefined;
    return typeof field === 'string' && field.length > 0 ? field : null;
  };
  // Events name the raw webhook `raweventid` (`rawEventId` in events written before the
  // CloudEvents attribute names).
  const rawEventIdOf = (event: unknown) => text(event, 'raweventid') ?? text(event, 'rawEventId');
  if (originalTopic.endsWith(Topics.deliveries)) {
    const event = isObject(parsed) ? parsed['event'] : undefined;
    return {
      destinationId: text(parsed, 'destinationId') ?? destinationOfKey(key),
      rawEventId: rawEventIdOf(event),
      eventId: text(event, 'id'),
    };
  }
  if (originalTopic.endsWith(Topics.events))
    return { ...NONE, rawEventId: rawEventIdOf(parsed), eventId: text(parsed, 'id') };
  if (originalTopic.endsWith(Topics.ingested))
    return { ...NONE, rawEventId: text(parsed, 'rawEventId') };
  return NONE;
}

/** Delivery keys are `<destination>:<subject>`. */
function destinationOfKey(key: Buffer | null): string | null {
  const text = key?.toString('utf8') ?? '';
  const colon = text.indexOf(':');
  return colon > 0 ? text.slice(0, colon) : null;
}

function parseObject(value: Buffer | null): unknown {
  if (!value) return undefined;
  try {
    return JSON.parse(value.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
