import { z } from 'zod';

/**
 * The canonical event's attributes: a CloudEvents 1.0 event (core attributes, then
 * Hookline's extension attributes, whose names are lower-case letters and digits as
 * CloudEvents requires). See docs/contracts.md for each attribute.
 */
export const IntegrationEventAttributes = z.object({
  id: z.string().min(1),
  source: z.string().min(1),
  specversion: z.literal('1.0'),
  type: z.string().min(1),
  subject: z.string().min(1),
  /** When ingest accepted the webhook (the provider's own time is no attribute). */
  time: z.iso.datetime(),
  datacontenttype: z.string().default('application/json'),
  /** A schema of `data` for this event's type, when one is published (none is yet). */
  dataschema: z.url().optional(),
  data: z.unknown(),
  tenantid: z.string().min(1),
  provider: z.string().min(1),
  providereventid: z.string().min(1),
  idempotencykey: z.string().min(1),
  raweventid: z.string().min(1),
  schemaversion: z.literal(1),
});

/** The camelCase attribute names events carried before they followed CloudEvents' naming rules. */
const LEGACY_ATTRIBUTE_NAMES: Record<string, string> = {
  tenantId: 'tenantid',
  providerEventId: 'providereventid',
  idempotencyKey: 'idempotencykey',
  rawEventId: 'raweventid',
  schemaVersion: 'schemaversion',
};

/**
 * Reads an event written with the earlier camelCase names (and `receivedAt`, which always
 * equalled `time`) as the current one, so that records still in flight during an upgrade,
 * and dead letters kept from before it, are routed, delivered and replayed. Events are
 * always written with the current names.
 */
function liftLegacyAttributes(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  if (!('tenantId' in value) || 'tenantid' in value) return value;
  const lifted: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) {
    if (name === 'receivedAt') continue;
    lifted[LEGACY_ATTRIBUTE_NAMES[name] ?? name] = field;
  }
  return lifted;
}

/**
 * The canonical event (`hookline.events.v1`, key: tenant + subject): a CloudEvents 1.0
 * event, published in the structured content mode of the CloudEvents Kafka binding.
 */
export const IntegrationEvent = z.preprocess(liftLegacyAttributes, IntegrationEventAttributes);
export type IntegrationEvent = z.infer<typeof IntegrationEvent>;

/**
 * The `content-type` of a `hookline.events.v1` record: the CloudEvents JSON event format,
 * the whole event as the record's value (structured content mode).
 */
export const CLOUDEVENTS_JSON_CONTENT_TYPE = 'application/cloudevents+json; charset=UTF-8';
