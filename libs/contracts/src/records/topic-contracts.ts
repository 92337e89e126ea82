import { type z } from 'zod';
import { Topics, type TopicName } from '../topics.js';
import { DeliveryTask } from './delivery-task.js';
import { CLOUDEVENTS_JSON_CONTENT_TYPE, IntegrationEvent } from './integration-event.js';
import { RawWebhookEnvelope } from './raw-webhook.js';

/** What travels on a topic: its schema (validator and type in one) and how records are keyed. */
export interface TopicContract<T> {
  topic: TopicName;
  schema: z.ZodType<T>;
  key(value: T): string;
  /**
   * The `content-type` header its records carry, for a topic whose records follow a
   * protocol binding (the events topic: CloudEvents JSON, structured content mode).
   * Consumers refuse a record whose header names another media type, and read one
   * without the header (written before the binding) as this one.
   */
  contentType?: string;
}

export const IngestedContract: TopicContract<RawWebhookEnvelope> = {
  topic: Topics.ingested,
  schema: RawWebhookEnvelope,
  // Ingest publishes with the entity's key (`<tenant>:<subject>`, see the providers'
  // ingestedKeyOf); this is the fallback for a record published without one.
  key: (envelope) => `${envelope.sourceId}:${envelope.dedupKey}`,
};

export const EventsContract: TopicContract<IntegrationEvent> = {
  topic: Topics.events,
  schema: IntegrationEvent,
  key: (event) => `${event.tenantid}:${event.subject}`,
  contentType: CLOUDEVENTS_JSON_CONTENT_TYPE,
};

export const DeliveriesContract: TopicContract<DeliveryTask> = {
  topic: Topics.deliveries,
  schema: DeliveryTask,
  key: (task) => `${task.destinationId}:${task.event.subject}`,
};
