import { z } from 'zod';
import { BindingHeaders, FailureHeaders, Headers } from '../headers.js';
import { DeliveryTask } from '../records/delivery-task.js';
import { CLOUDEVENTS_JSON_CONTENT_TYPE, IntegrationEvent } from '../records/integration-event.js';
import { openEventAttributes } from '../json-schema/json-schemas.js';
import { RawWebhookEnvelope } from '../records/raw-webhook.js';
import { Topics, type TopicName } from '../topics.js';
import { DEFAULT_TOPOLOGY, declareTopology, stageTopics } from '../topology.js';

/** Where the AsyncAPI document lives, relative to the workspace root. */
export const ASYNCAPI_PATH = 'libs/contracts/asyncapi/hookline.asyncapi.json';

interface TopicDescription {
  id: string;
  record: string;
  schema: z.ZodType;
  key: string;
  producer: string;
  consumer: string;
  summary: string;
  /** The record's `content-type` header and the message's content type, when not plain JSON. */
  contentType?: string;
}

const TOPICS: Record<TopicName, TopicDescription> = {
  [Topics.ingested]: {
    id: 'ingested',
    record: 'RawWebhookEnvelope',
    schema: RawWebhookEnvelope,
    key: '`<tenant>:<subject>` when every event of the webhook is about one entity, else `<source id>:<dedup key>`',
    producer: 'ingest',
    consumer: 'normalizer',
    summary: 'Every accepted webhook, as received.',
  },
  [Topics.events]: {
    id: 'events',
    record: 'IntegrationEvent',
    schema: IntegrationEvent,
    key: '`<tenant>:<subject>`',
    producer: 'normalizer',
    consumer: 'router',
    summary:
      'Canonical events, one per provider event: CloudEvents 1.0 in the structured content mode of the CloudEvents Kafka protocol binding (the whole event, JSON event format, as the value).',
    contentType: CLOUDEVENTS_JSON_CONTENT_TYPE,
  },
  [Topics.deliveries]: {
    id: 'deliveries',
    record: 'DeliveryTask',
    schema: DeliveryTask,
    key: '`<destination>:<subject>`',
    producer: 'router',
    consumer: 'executor',
    summary: 'One task per (event, route): the event and where it goes.',
  },
};

const HEADER_DESCRIPTIONS: Record<string, string> = {
  [BindingHeaders.contentType]:
    'the CloudEvents JSON event format: the value is the whole event (structured content mode)',
  [Headers.traceparent]: 'W3C trace context',
  [Headers.tracestate]: 'W3C trace context',
  [Headers.correlationId]: 'the webhook this record descends from',
  [Headers.tenantId]: 'the tenant',
  [FailureHeaders.originalTopic]: 'where the record first arrived',
  [FailureHeaders.originalPartition]: 'its partition there',
  [FailureHeaders.originalOffset]: 'its offset there',
  [FailureHeaders.originalTimestamp]: 'its timestamp there, epoch ms',
  [FailureHeaders.attempt]: 'attempts made so far',
  [FailureHeaders.errorClass]:
    'the error class of the last failure (PermanentError, SchemaViolation, PayloadDrift, ...)',
  [FailureHeaders.errorMessage]: 'the reason of the last failure',
  [FailureHeaders.errorStage]: 'the consumer that failed, e.g. `normalizer:hookline.ingested.v1`',
  [FailureHeaders.firstFailedAt]: 'ISO-8601',
  [FailureHeaders.lastFailedAt]: 'ISO-8601',
  [FailureHeaders.retryDueAt]:
    'retry-tier records only: epoch ms before which the record is not retried',
};

function headersSchema(
  names: readonly string[],
  required: readonly string[],
  fixed: Record<string, string> = {},
) {
  return {
    type: 'object',
    properties: Object.fromEntries(
      names.map((name) => [
        name,
        {
          type: 'string',
          description: HEADER_DESCRIPTIONS[name],
          ...(fixed[name] === undefined ? {} : { const: fixed[name] }),
        },
      ]),
    ),
    required: [...required],
  };
}

const STANDARD = Object.values(Headers);
const FAILURE = Object.values(FailureHeaders);

/**
 * The AsyncAPI 3 document of every Hookline topic (main, retry tiers with the default
 * delays, dead letters): key, headers and payload schema (JSON Schema draft-07, generated
 * from the zod definitions), and which service sends and receives it.
 */
export function renderAsyncApi(): string {
  const partitions = DEFAULT_TOPOLOGY.partitions;
  const specs = new Map(declareTopology(DEFAULT_TOPOLOGY).map((spec) => [spec.name, spec]));
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const [topic, description] of Object.entries(TOPICS) as [TopicName, TopicDescription][]) {
    const payload = {
      schemaFormat: 'application/schema+json;version=draft-07',
      schema: z.toJSONSchema(description.schema, {
        target: 'draft-7',
        io: 'output',
        unrepresentable: 'any',
        override: openEventAttributes,
      }),
    };
    const key = { type: 'string', description: description.key };
    // A binding's content-type header travels with the record to its retry tiers, dead
    // letters and replays.
    const binding: Record<string, string> = description.contentType
      ? { [BindingHeaders.contentType]: description.contentType }
      : {};
    const bindingHeaders = Object.keys(binding);
    const contentType = description.contentType ?? 'application/json';
    messages[description.record] = {
      name: description.record,
      title: description.record,
      summary: description.summary,
      contentType,
      headers: headersSchema(
        [...bindingHeaders, ...STANDARD],
        [...bindingHeaders, Headers.correlationId, Headers.tenantId],
        binding,
      ),
      payload,
      bindings: { kafka: { key } },
    };
    messages[`${description.record}Failed`] = {
      name: `${description.record}Failed`,
      title: `${description.record} after a failure`,
      summary: `${description.summary} Re-sent to a retry tier or the dead-letter topic with failure headers.`,
      contentType,
      headers: headersSchema(
        [...bindingHeaders, ...STANDARD, ...FAILURE],
        [
          FailureHeaders.originalTopic,
          FailureHeaders.attempt,
          FailureHeaders.errorClass,
          FailureHeaders.errorMessage,
        ],
        binding,
      ),
      payload,
      bindings: { kafka: { key } },
    };
    const stage = stageTopics(topic, DEFAULT_TOPOLOGY);
    const addChannel = (
      id: string,
      address: string,
      message: string,
      text: string,
      sender: string,
      receiver: string | undefined,
    ) => {
      const spec = specs.get(address);
      channels[id] = {
        address,
        description: text,
        messages: { [message]: { $ref: `#/components/messages/${message}` } },
        bindings: {
          kafka: {
            partitions: spec?.partitions ?? partitions,
            replicas: spec?.replicationFactor ?? DEFAULT_TOPOLOGY.replicationFactor,
            topicConfiguration: {
              'cleanup.policy': ['delete'],
              'retention.ms': Number(spec?.configs['retention.ms'] ?? DEFAULT_TOPOLOGY.retentionMs),
            },
          },
        },
      };
      operations[`${sender}-sends-${id}`] = {
        action: 'send',
        channel: { $ref: `#/channels/${id}` },
      };
      if (receiver)
        operations[`${receiver}-receives-${id}`] = {
          action: 'receive',
          channel: { $ref: `#/channels/${id}` },
        };
    };
    addChannel(
      description.id,
      stage.main,
      description.record,
      `${description.summary} Key: ${description.key}.`,
      description.producer,
      description.consumer,
    );
    for (const { tier, topic: address } of stage.retries) {
      addChannel(
        `${description.id}-retry-${tier.label}`,
        address,
        `${description.record}Failed`,
        `Retry tier ${tier.label} of ${stage.main}: records that failed transiently, retried after ${tier.label} (± jitter). Same key as the main topic.`,
        description.consumer,
        description.consumer,
      );
    }
    addChannel(
      `${description.id}-dlt`,
      stage.deadLetter,
      `${description.record}Failed`,
      `Dead letters of ${stage.main}: records that failed permanently or ran out of retry tiers. Same key as the main topic; recorded by the replay service.`,
      description.consumer,
      'replay',
    );
    addChannel(
      `${description.id}-replay`,
      stage.replay,
      description.record,
      `Replay lane of ${stage.main}: records an operator's replay job re-sends (with hookline-replay-* headers naming the job and the replayed record), read by ${description.consumer} in a consumer group of their own so they never queue before live records. Same key as the main topic.`,
      'replay',
      description.consumer,
    );
  }
  const document = {
    asyncapi: '3.0.0',
    info: {
      title: 'Hookline',
      version: '1.0.0',
      description:
        'The Kafka topics of the Hookline webhook pipeline. Generated from libs/contracts (`npx nx run contracts:schemas`); see docs/contracts.md and docs/kafka.md.',
    },
    defaultContentType: 'application/json',
    servers: {
      kafka: {
        host: 'localhost:9092',
        protocol: 'kafka',
        description: 'The cluster named by KAFKA_BROKERS.',
      },
    },
    channels,
    operations,
    components: { messages },
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
