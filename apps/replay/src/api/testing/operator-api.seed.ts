import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { FailureHeaders, Headers, prefixedTopic, Topics } from '@hookline/contracts';
import {
  DELIVERY_LEDGER,
  type DeliveryLedgerRepository,
  EVENT_TIMELINE_REPOSITORY,
  type EventTimelineRepository,
  RawWebhookStore,
} from '@hookline/persistence';
import { sampleIntegrationEvent } from '@hookline/testing';
import kafkajs from 'kafkajs';
import { type OperatorApiFixture } from './operator-api.fixture.js';

export interface SeededTenant {
  rawEventId: string;
  eventId: string;
  deadLetterId: string;
  correlationId: string;
}

/** A Stripe invoice.paid as the source would send it, with fields the test config redacts. */
export function stripeBody(tenant: string): Buffer {
  return Buffer.from(
    JSON.stringify({
      id: `evt_${tenant}_1`,
      type: 'invoice.paid',
      data: {
        object: {
          id: `in_${tenant}`,
          object: 'invoice',
          customer: `cus_${tenant}`,
          customer_email: `billing@${tenant}.example`,
          card: [{ number: '4242424242424242', brand: 'visa' }],
          amount_due: 2500,
          amount_paid: 2500,
          currency: 'usd',
          status: 'paid',
        },
      },
    }),
  );
}

/**
 * One raw webhook per tenant in the raw store with its timeline (received → normalized →
 * attempt), one delivery attempt, and one dead letter recorded from the deliveries DLT by
 * the service itself (waited for in `dead_letters` and as `dead_lettered` on the timeline).
 */
export async function seedTenants(
  api: OperatorApiFixture,
  tenants: readonly string[],
): Promise<Record<string, SeededTenant>> {
  const app = api.service.app;
  const raw = app.get(RawWebhookStore);
  const timeline = app.get<EventTimelineRepository>(EVENT_TIMELINE_REPOSITORY);
  const ledger = app.get<DeliveryLedgerRepository>(DELIVERY_LEDGER);
  const producer = new kafkajs.Kafka({
    brokers: api.service.config.kafka.brokers,
    logLevel: kafkajs.logLevel.NOTHING,
  }).producer();
  await producer.connect();
  const seeded: Record<string, SeededTenant> = {};
  try {
    for (const [index, tenant] of tenants.entries()) {
      const rawEventId = `raw_${tenant}_${Date.now()}`;
      const correlationId = `corr-${tenant}`;
      const body = stripeBody(tenant);
      const receivedAt = new Date(Date.UTC(2026, 10, 23, 10, index));
      await raw.accept({
        id: rawEventId,
        tenantId: tenant,
        sourceId: `${tenant}-stripe`,
        provider: 'stripe',
        dedupKey: `evt_${tenant}_1`,
        receivedAt,
        method: 'POST',
        path: `/webhooks/${tenant}-stripe`,
        headers: { 'content-type': 'application/json', 'user-agent': 'Stripe/1.0' },
        contentType: 'application/json',
        body,
        bodySha256: createHash('sha256').update(body).digest('hex'),
        correlationId,
        traceparent: null,
      });
      const event = sampleIntegrationEvent({
        id: `evt_${createHash('sha256').update(rawEventId).digest('hex').slice(0, 32)}`,
        tenantid: tenant,
        raweventid: rawEventId,
        providereventid: `evt_${tenant}_1`,
        type: 'billing.invoice.paid',
      });
      const at = (seconds: number) => new Date(receivedAt.getTime() + seconds * 1_000);
      const common = {
        rawEventId,
        tenantId: tenant,
        sourceId: `${tenant}-stripe`,
        provider: 'stripe',
        correlationId,
      };
      await timeline.append([
        { ...common, stage: 'ingest', state: 'received', occurredAt: at(0) },
        {
          ...common,
          stage: 'normalizer',
          state: 'normalized',
          eventId: event.id,
          providerEventId: event.providereventid,
          detail: { type: event.type },
          occurredAt: at(1),
        },
        {
          ...common,
          stage: 'executor',
          state: 'attempt',
          eventId: event.id,
          destinationId: `${tenant}-orders`,
          detail: { status: 503 },
          occurredAt: at(2),
        },
      ]);
      await ledger.recordAttempt({
        tenantId: tenant,
        eventId: event.id,
        destinationId: `${tenant}-orders`,
        idempotencyKey: event.idempotencykey,
        deliveryId: `dlv_${tenant}`,
        webhookId: `dlv_${tenant}`,
        attempt: 1,
        outcome: 'transient',
        status: 503,
        durationMs: 12,
        errorClass: 'TransientError',
        reason: `${tenant}-orders answered 503`,
        responseSnippet: 'unavailable',
        executor: 'executor-test',
        startedAt: at(2),
      });
      const prefix = api.service.config.kafka.topicPrefix;
      const task = {
        deliveryId: `dlv_${tenant}`,
        tenantId: tenant,
        destinationId: `${tenant}-orders`,
        routeId: 'billing',
        event,
      };
      await producer.send({
        topic: `${prefixedTopic(prefix, Topics.deliveries)}.dlt`,
        messages: [
          {
            key: `${tenant}-orders:${event.subject}`,
            value: JSON.stringify(task),
            headers: {
              [Headers.tenantId]: tenant,
              [Headers.correlationId]: correlationId,
              [FailureHeaders.originalTopic]: prefixedTopic(prefix, Topics.deliveries),
              [FailureHeaders.originalPartition]: '0',
              [FailureHeaders.originalOffset]: String(index),
              [FailureHeaders.attempt]: '5',
              [FailureHeaders.errorClass]: 'TransientError',
              [FailureHeaders.errorMessage]: `${tenant}-orders answered 503`,
              [FailureHeaders.errorStage]: `executor:${Topics.deliveries}`,
              [FailureHeaders.firstFailedAt]: at(2).toISOString(),
              [FailureHeaders.lastFailedAt]: at(3).toISOString(),
            },
          },
        ],
      });
      let id: string | undefined;
      for (const deadline = Date.now() + 30_000; !id && Date.now() < deadline; await sleep(100)) {
        const { rows } = await api.db.query<{ id: string }>(
          `SELECT id FROM dead_letters WHERE raw_event_id = $1`,
          [rawEventId],
        );
        id = rows[0] && String(rows[0].id);
      }
      if (!id) throw new Error(`the dead letter of ${tenant} was never recorded`);
      // The recorder also writes it to the timeline (batched): wait for that entry.
      for (const deadline = Date.now() + 30_000; ; await sleep(100)) {
        const entries = await timeline.forRawEvent(rawEventId);
        if (entries.some((entry) => entry.state === 'dead_lettered')) break;
        if (Date.now() > deadline) throw new Error(`no dead_lettered entry for ${tenant}`);
      }
      seeded[tenant] = { rawEventId, eventId: event.id, deadLetterId: id, correlationId };
    }
  } finally {
    await producer.disconnect();
  }
  return seeded;
}
