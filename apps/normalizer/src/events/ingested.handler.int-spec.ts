import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type CloudEvent, Kafka, type KafkaMessage } from 'cloudevents';
import {
  CLOUDEVENTS_JSON_CONTENT_TYPE,
  FailureHeaders,
  IntegrationEvent,
} from '@hookline/contracts';
import { TimelineWriter } from '@hookline/runtime';
import { startTestService, type TestService, timelineOf } from '@hookline/runtime/testing';
import { TopicObserver, waitForReady, workspaceFile } from '@hookline/testing';
import { NormalizerModule } from '../normalizer.module.js';

const invoice = (id: string, amountPaid: unknown = 4900) => ({
  id,
  object: 'invoice',
  customer: 'cus_1',
  amount_due: 4900,
  amount_paid: amountPaid,
  currency: 'usd',
  status: 'paid',
});

function envelopeOf(rawEventId: string, provider: string, body: unknown, dedupKey: string) {
  return {
    rawEventId,
    tenantId: 'acme',
    sourceId: `acme-${provider}`,
    provider,
    receivedAt: new Date().toISOString(),
    dedupKey,
    headers: {},
    contentType: 'application/json',
    body: { base64: Buffer.from(JSON.stringify(body)).toString('base64') },
  };
}

const record = (envelope: ReturnType<typeof envelopeOf>, correlationId: string) => ({
  key: envelope.sourceId,
  value: JSON.stringify(envelope),
  headers: { 'hookline-correlation-id': correlationId, 'hookline-tenant-id': 'acme' },
});

const eventsIn = (observer: TopicObserver) =>
  observer
    .messages('hookline.events.v1')
    .map((message) => IntegrationEvent.parse(JSON.parse(message.value?.toString() ?? '{}')));

describe('normalizer: hookline.ingested.v1 → hookline.events.v1 on a real broker', () => {
  let service: TestService;
  let observer: TopicObserver;

  beforeAll(async () => {
    service = await startTestService('normalizer', (config) => NormalizerModule.register(config), {
      HOOKLINE_RETRY_TIERS: '200ms',
      HOOKLINE_CONFIG: workspaceFile('hookline.example.yaml'),
    });
    expect((await waitForReady(service.url)).ready).toBe(true);
    observer = await TopicObserver.start(
      service.config.kafka.brokers,
      service.config.kafka.topicPrefix,
      ['hookline.events.v1', 'hookline.ingested.v1.dlt'],
    );
  });

  afterAll(async () => {
    await observer?.close();
    await service?.close();
  });

  it('publishes the canonical event of a raw webhook, and dead-letters a broken envelope', async () => {
    const body = { id: 'evt_77', type: 'invoice.paid', data: { object: invoice('in_77') } };
    await observer.send('hookline.ingested.v1', [
      record(envelopeOf('raw_77', 'stripe', body, 'evt_77'), 'c-77'),
      { key: 'acme-stripe', value: JSON.stringify({ rawEventId: 'raw_78' }) },
    ]);
    const [published] = await observer.waitFor('hookline.events.v1', 1);
    const [deadLetter] = await observer.waitFor('hookline.ingested.v1.dlt', 1);

    // As written (not through the schema, which also reads the earlier names).
    const event = JSON.parse(published?.value?.toString() ?? '{}') as IntegrationEvent;
    expect(event).toMatchObject({
      type: 'billing.invoice.paid',
      subject: 'stripe:in_77',
      tenantid: 'acme',
      raweventid: 'raw_77',
      idempotencykey: 'stripe:invoice.paid:evt_77',
      data: body.data.object,
    });
    expect(IntegrationEvent.parse(event)).toEqual(event);
    // The record as it came off the broker is a structured-mode CloudEvent for the SDK.
    expect(published?.headers?.['content-type']?.toString()).toBe(CLOUDEVENTS_JSON_CONTENT_TYPE);
    const value = published?.value?.toString() ?? '';
    const message: KafkaMessage<string> = {
      key: published?.key?.toString() ?? '',
      value,
      body: value,
      headers: Object.fromEntries(
        Object.entries(published?.headers ?? {}).map(([name, value]) => [name, String(value)]),
      ),
    };
    const decoded = Kafka.toEvent(message) as CloudEvent<unknown>;
    expect(decoded.validate()).toBe(true);
    expect(JSON.parse(decoded.toString())).toEqual({ ...event, partitionkey: 'acme:stripe:in_77' });
    expect(published?.key?.toString()).toBe('acme:stripe:in_77');
    expect(published?.headers?.['hookline-correlation-id']?.toString()).toBe('c-77');
    expect(deadLetter?.headers?.[FailureHeaders.errorClass]?.toString()).toBe('SchemaViolation');
  });

  it('dead-letters a drifted payload with a precise reason, counted, while its neighbours flow', async () => {
    const before = eventsIn(observer).length;
    const deadBefore = observer.messages('hookline.ingested.v1.dlt').length;
    const good = (n: number) =>
      envelopeOf(
        `raw_d${n}`,
        'stripe',
        { id: `evt_d${n}`, type: 'invoice.paid', data: { object: invoice(`in_d${n}`) } },
        `evt_d${n}`,
      );
    const drifted = envelopeOf(
      'raw_d2',
      'stripe',
      { id: 'evt_d2', type: 'invoice.paid', data: { object: invoice('in_d2', '49.00') } },
      'evt_d2',
    );
    await observer.send('hookline.ingested.v1', [
      record(good(1), 'c-d1'),
      record(drifted, 'c-d2'),
      record(good(3), 'c-d3'),
    ]);
    await observer.waitFor('hookline.events.v1', before + 2);
    const [deadLetter] = (await observer.waitFor('hookline.ingested.v1.dlt', deadBefore + 1)).slice(
      deadBefore,
    );

    expect(
      eventsIn(observer)
        .slice(before)
        .map((event) => event.subject),
    ).toEqual(['stripe:in_d1', 'stripe:in_d3']);
    expect(deadLetter?.headers?.[FailureHeaders.errorClass]?.toString()).toBe('PayloadDrift');
    expect(deadLetter?.headers?.[FailureHeaders.errorMessage]?.toString()).toBe(
      'stripe invoice.paid payload does not fit its mapping at data.object.amount_paid: Invalid input: expected number, received string',
    );
    expect(JSON.parse(deadLetter?.value?.toString() ?? '{}')).toMatchObject({
      rawEventId: 'raw_d2',
    });
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(
      /hookline_normalizer_drifted_total\{[^}]*provider="stripe"[^}]*type="invoice\.paid"[^}]*\} 1/,
    );
    expect(await timelineOf(service, 'raw_d2', ['drifted'])).toMatchObject([
      {
        stage: 'normalizer',
        state: 'drifted',
        tenantId: 'acme',
        sourceId: 'acme-stripe',
        correlationId: 'c-d2',
        detail: {
          provider: 'stripe',
          providerType: 'invoice.paid',
          path: 'data.object.amount_paid',
        },
      },
    ]);
    const [normalized] = await timelineOf(service, 'raw_d1', ['normalized']);
    expect(normalized).toMatchObject({
      providerEventId: 'evt_d1',
      correlationId: 'c-d1',
      detail: { type: 'billing.invoice.paid', subject: 'stripe:in_d1', mapped: true },
    });
  });

  it('turns a mixed HubSpot batch into one canonical event per item', async () => {
    const before = eventsIn(observer).length;
    const item = (eventId: number, subscriptionType: string, objectId: number, extra = {}) => ({
      eventId,
      subscriptionId: 9,
      portalId: 62515,
      occurredAt: 1764583200000,
      subscriptionType,
      objectId,
      ...extra,
    });
    const batch = [
      item(501, 'contact.creation', 1),
      item(502, 'deal.propertyChange', 2, {
        propertyName: 'dealstage',
        propertyValue: 'closedwon',
      }),
      item(503, 'company.merge', 3, { primaryObjectId: 3, mergedObjectIds: [4] }),
    ];
    await observer.send('hookline.ingested.v1', [
      record(envelopeOf('raw_hs1', 'hubspot', batch, 'hubspot-events:1'), 'c-hs1'),
    ]);
    const events = (await observer.waitFor('hookline.events.v1', before + 3)).slice(before);
    const parsed = events.map((message) =>
      IntegrationEvent.parse(JSON.parse(message.value?.toString() ?? '{}')),
    );
    expect(
      parsed.map((event) => [event.type, event.subject, event.providereventid]).sort(),
    ).toEqual([
      ['crm.company.merged', 'hubspot:62515/company/3', '503'],
      ['crm.contact.created', 'hubspot:62515/contact/1', '501'],
      ['crm.deal.property_changed', 'hubspot:62515/deal/2', '502'],
    ]);
    expect(events.map((message) => message.key?.toString()).sort()).toEqual([
      'acme:hubspot:62515/company/3',
      'acme:hubspot:62515/contact/1',
      'acme:hubspot:62515/deal/2',
    ]);
  });

  it('drops a Stripe event resent under a new delivery id once, and counts it', async () => {
    const before = eventsIn(observer).length;
    const body = { id: 'evt_resent', type: 'invoice.paid', data: { object: invoice('in_resent') } };
    await observer.send('hookline.ingested.v1', [
      record(envelopeOf('raw_first', 'stripe', body, 'evt_resent'), 'c-first'),
      record(envelopeOf('raw_again', 'stripe', body, 'evt_resent'), 'c-again'),
      record(envelopeOf('raw_first', 'stripe', body, 'evt_resent'), 'c-first'),
      record(
        envelopeOf('raw_after', 'stripe', { ...body, id: 'evt_after' }, 'evt_after'),
        'c-after',
      ),
    ]);
    // The last record is published after the others were handled (one key, in order).
    await observer.waitFor('hookline.events.v1', before + 3);
    const published = eventsIn(observer).slice(before);
    expect(published.map((event) => [event.raweventid, event.idempotencykey])).toEqual([
      ['raw_first', 'stripe:invoice.paid:evt_resent'],
      ['raw_first', 'stripe:invoice.paid:evt_resent'],
      ['raw_after', 'stripe:invoice.paid:evt_after'],
    ]);
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(
      /hookline_normalizer_duplicates_total\{[^}]*provider="stripe"[^}]*\} 1/,
    );
    expect(await timelineOf(service, 'raw_again', ['duplicate'])).toMatchObject([
      {
        stage: 'normalizer',
        state: 'duplicate',
        providerEventId: 'evt_resent',
        correlationId: 'c-again',
        detail: { idempotencyKey: 'stripe:invoice.paid:evt_resent' },
      },
    ]);
    // The redelivered first record is published again, and says so again. Its entry was
    // recorded before the last record was published (one key, in order): a flush writes it.
    await service.app.get(TimelineWriter).flush();
    const first = await timelineOf(service, 'raw_first', ['normalized']);
    expect(first.map((entry) => entry.state)).toEqual(['normalized', 'normalized']);
  });
});
