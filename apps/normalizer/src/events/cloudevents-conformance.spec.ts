import { describe, expect, it } from '@jest/globals';
import { CloudEvent, Kafka, type KafkaMessage, ValidationError } from 'cloudevents';
import {
  CLOUDEVENTS_JSON_CONTENT_TYPE,
  EventsContract,
  type IntegrationEvent,
  type RawWebhookEnvelope,
} from '@hookline/contracts';
import {
  decodeRecord,
  encodeRecord,
  encodeRecordHeaders,
  SchemaViolation,
  UndecodableRecord,
} from '@hookline/kafka';
import { PROVIDER_NAMES } from '@hookline/providers';
import { readEventSamples } from '@hookline/providers/testing';
import { normalizeWebhook } from './event-normalizer.js';

const CORE_ATTRIBUTES = new Set([
  'id',
  'source',
  'specversion',
  'type',
  'subject',
  'time',
  'datacontenttype',
  'dataschema',
  'data',
  'data_base64',
]);

const samples = PROVIDER_NAMES.flatMap((provider) => readEventSamples(provider));

/** The canonical events the normalizer makes of a provider sample, as they travel (JSON). */
function eventsOf(sample: (typeof samples)[number]): IntegrationEvent[] {
  const envelope: RawWebhookEnvelope = {
    rawEventId: `raw_${sample.name}`,
    tenantId: 'acme',
    sourceId: `acme-${sample.provider}`,
    provider: sample.provider,
    receivedAt: '2026-12-01T10:00:00.000Z',
    dedupKey: `delivery-${sample.name}`,
    headers: sample.headers,
    contentType: 'application/json',
    body: { base64: '' },
  };
  const { events, drifted } = normalizeWebhook(envelope, Buffer.from(JSON.stringify(sample.body)));
  expect(drifted).toEqual([]);
  expect(events.length).toBeGreaterThan(0);
  return events.map(({ event }) => JSON.parse(JSON.stringify(event)) as IntegrationEvent);
}

/** A `hookline.events.v1` record as the producer writes it: key, value and headers. */
function publishedRecord(event: IntegrationEvent) {
  return {
    key: EventsContract.key(event),
    value: encodeRecord(EventsContract, event),
    headers: encodeRecordHeaders(EventsContract, {
      correlationId: 'c-1',
      tenantId: event.tenantid,
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    }),
  };
}

const [stripeInvoice] = eventsOf(
  samples.find((sample) => sample.provider === 'stripe' && sample.name.includes('invoice'))!,
);

describe('IntegrationEvent as a CloudEvent (the CloudEvents JS SDK)', () => {
  it.each(samples.map((sample) => [`${sample.provider}/${sample.name}`, sample] as const))(
    'the event of %s is a valid CloudEvents 1.0 event',
    (_name, sample) => {
      for (const event of eventsOf(sample)) {
        // Strict: the constructor checks extension names and values, then validates.
        const cloudEvent = new CloudEvent<unknown>(event);
        expect(cloudEvent.validate()).toBe(true);
        const extensions = Object.keys(event).filter((name) => !CORE_ATTRIBUTES.has(name));
        expect(extensions.sort()).toEqual(
          [
            'idempotencykey',
            'provider',
            'providereventid',
            'raweventid',
            'schemaversion',
            'tenantid',
          ].sort(),
        );
        expect(JSON.parse(cloudEvent.toString())).toEqual(event);
      }
    },
  );

  it('refuses a camelCase, capitalised or hyphenated extension name', () => {
    const event = stripeInvoice!;
    expect(() => new CloudEvent({ ...event, tenantId: event.tenantid })).toThrow(ValidationError);
    expect(() => new CloudEvent({ ...event, tenantId: event.tenantid })).toThrow(
      /invalid extension name: tenantId/,
    );
    expect(() => new CloudEvent({ ...event, IdempotencyKey: 'k' })).toThrow(
      /invalid extension name/,
    );
    expect(() => new CloudEvent({ ...event, 'tenant-id': 'acme' })).toThrow(
      /invalid extension name/,
    );
  });

  it('refuses an event without a required core attribute', () => {
    const { source: _source, ...withoutSource } = stripeInvoice!;
    expect(() => new CloudEvent(withoutSource as never)).toThrow(ValidationError);
  });
});

describe('hookline.events.v1 records and the CloudEvents Kafka protocol binding', () => {
  it('publishes in structured content mode: the content-type header and the whole event as the value', () => {
    const event = stripeInvoice!;
    const record = publishedRecord(event);
    expect(record.headers['content-type']).toBe(CLOUDEVENTS_JSON_CONTENT_TYPE);
    expect(record.key).toBe(`${event.tenantid}:${event.subject}`);
    expect(JSON.parse(record.value.toString('utf8'))).toEqual(event);
  });

  it('decodes, as published, with the SDK Kafka binding', () => {
    const event = stripeInvoice!;
    const record = publishedRecord(event);
    const value = record.value.toString('utf8');
    const message: KafkaMessage<string> = { ...record, value, body: value };
    expect(Kafka.isEvent(message)).toBe(true);
    const decoded = Kafka.toEvent(message) as CloudEvent<unknown>;
    expect(decoded).toBeInstanceOf(CloudEvent);
    expect(decoded.validate()).toBe(true);
    // The binding maps the record key to the `partitionkey` extension.
    expect({ ...JSON.parse(decoded.toString()) }).toEqual({ ...event, partitionkey: record.key });
  });

  it('reads what the SDK writes in structured mode', () => {
    const event = stripeInvoice!;
    const message = Kafka.structured(new CloudEvent<unknown>(event));
    const headers = message.headers as Record<string, string>;
    expect(decodeRecord(EventsContract, Buffer.from(message.value), headers)).toEqual(event);
  });

  it('refuses a binary-mode record, and reads one written before the binding', () => {
    const event = stripeInvoice!;
    const binary = Kafka.binary(new CloudEvent<unknown>(event));
    const binaryHeaders = binary.headers as Record<string, string>;
    expect(() =>
      decodeRecord(EventsContract, Buffer.from(JSON.stringify(binary.value)), binaryHeaders),
    ).toThrow(UndecodableRecord);
    expect(() =>
      decodeRecord(EventsContract, Buffer.from(JSON.stringify(binary.value)), binaryHeaders),
    ).toThrow(/takes application\/cloudevents\+json records, not content-type "application\/json"/);
    expect(decodeRecord(EventsContract, Buffer.from(JSON.stringify(event)), {})).toEqual(event);
  });

  it('reads an event with the earlier camelCase names as the current one', () => {
    const event = stripeInvoice!;
    const legacy = {
      ...Object.fromEntries(
        Object.entries(event).filter(
          ([name]) =>
            ![
              'tenantid',
              'providereventid',
              'idempotencykey',
              'raweventid',
              'schemaversion',
            ].includes(name),
        ),
      ),
      tenantId: event.tenantid,
      providerEventId: event.providereventid,
      idempotencyKey: event.idempotencykey,
      rawEventId: event.raweventid,
      schemaVersion: 1,
      receivedAt: event.time,
    };
    expect(decodeRecord(EventsContract, Buffer.from(JSON.stringify(legacy)), {})).toEqual(event);
    // What is written always has the current names.
    expect(JSON.parse(encodeRecord(EventsContract, legacy as never).toString('utf8'))).toEqual(
      event,
    );
  });

  it('refuses a record that is no IntegrationEvent', () => {
    expect(() =>
      decodeRecord(EventsContract, Buffer.from(JSON.stringify({ id: 'evt_1' })), {
        'content-type': CLOUDEVENTS_JSON_CONTENT_TYPE,
      }),
    ).toThrow(SchemaViolation);
  });
});
