import { describe, expect, it, jest } from '@jest/globals';
import { type IntegrationEvent, type RawWebhookEnvelope } from '@hookline/contracts';
import { type KafkaConnection, type RecordContext, TransientError } from '@hookline/kafka';
import { ServiceMetrics } from '@hookline/observability';
import {
  type EventClaim,
  type EventClaimRepository,
  type RawWebhookStore,
} from '@hookline/persistence';
import { recordingTimeline } from '@hookline/runtime/testing';
import { NormalizerMetrics } from './normalizer-metrics.js';
import { PayloadDrift } from './payload-drift.js';
import { type WebhookHydration } from '../hydration/webhook-hydration.service.js';
import { WebhookNormalizer } from './webhook-normalizer.service.js';

// The service's logic against the claim repository's interface; the PostgreSQL repository
// and the Kafka path are covered by the integration tests.
function normalizerWith(claims: EventClaimRepository, onSend: () => void = () => {}) {
  const published: IntegrationEvent[] = [];
  /** When each publish was called: a record's timestamp is taken no earlier. */
  const sentAt: number[] = [];
  const kafka = {
    producer: {
      publish: async (_contract: unknown, event: IntegrationEvent) => {
        sentAt.push(Date.now());
        published.push(event);
        onSend();
      },
    },
  } as unknown as KafkaConnection;
  const metrics = new ServiceMetrics('normalizer');
  const timeline = recordingTimeline();
  const service = new WebhookNormalizer(
    kafka,
    {} as RawWebhookStore,
    new NormalizerMetrics(metrics),
    claims,
    timeline.writer,
    // No source of these tests hydrates.
    { hydrate: async (_envelope: unknown, body: Buffer) => body } as unknown as WebhookHydration,
  );
  return { service, published, sentAt, metrics, timeline: timeline.entries };
}

const item = (eventId: number, objectId: number | string, extra: Record<string, unknown> = {}) => ({
  eventId,
  subscriptionId: 1,
  portalId: 7,
  occurredAt: 1,
  subscriptionType: 'contact.creation',
  objectId,
  ...extra,
});
const envelope = (batch: unknown[]): RawWebhookEnvelope => ({
  rawEventId: 'raw_1',
  tenantId: 'acme',
  sourceId: 'acme-hubspot',
  provider: 'hubspot',
  receivedAt: '2026-12-01T10:00:00.000Z',
  dedupKey: 'hubspot-events:1',
  headers: {},
  contentType: 'application/json',
  body: { base64: Buffer.from(JSON.stringify(batch)).toString('base64') },
});
const context = {
  headers: { correlationId: 'corr_1' },
  timestamp: new Date('2026-12-01T10:00:01.000Z'),
} as RecordContext;

describe('WebhookNormalizer', () => {
  it('publishes the claimed events of a batch and counts the duplicates', async () => {
    const seen: EventClaim[][] = [];
    const { service, published, metrics, timeline } = normalizerWith({
      claim: async (claims) => (
        seen.push([...claims]),
        claims.map((_c, index) => (index === 1 ? 'duplicate' : 'claimed'))
      ),
    });
    await service.normalize(envelope([item(1, 10), item(2, 20), item(3, 30)]), context);
    expect(seen[0]?.map((claim) => claim.idempotencyKey)).toEqual([
      'hubspot:contact.creation:1',
      'hubspot:contact.creation:2',
      'hubspot:contact.creation:3',
    ]);
    expect(published.map((event) => event.subject)).toEqual([
      'hubspot:7/contact/10',
      'hubspot:7/contact/30',
    ]);
    expect(await metrics.render()).toMatch(
      /hookline_normalizer_duplicates_total\{provider="hubspot"[^}]*\} 1/,
    );
    const entries = await timeline();
    expect(entries.map((entry) => [entry.state, entry.detail?.['subject'] ?? null])).toEqual([
      ['normalized', 'hubspot:7/contact/10'],
      ['normalized', 'hubspot:7/contact/30'],
      ['duplicate', null],
    ]);
    expect(entries[2]).toMatchObject({
      rawEventId: 'raw_1',
      tenantId: 'acme',
      sourceId: 'acme-hubspot',
      providerEventId: '2',
      correlationId: 'corr_1',
      stage: 'normalizer',
      detail: { idempotencyKey: 'hubspot:contact.creation:2' },
    });
    // After the record that caused it, by its producer's clock.
    expect(entries[0]!.occurredAt.getTime()).toBeGreaterThan(context.timestamp!.getTime());
  });

  it("dates its entries no later than the events it sends, so the router's entries come after", async () => {
    // A clock of the test's own: wall-clock milliseconds on a VM may step back.
    let clock = Date.parse('2026-12-01T10:00:05.000Z');
    const now = jest.spyOn(Date, 'now').mockImplementation(() => clock);
    try {
      const { service, sentAt, timeline } = normalizerWith(
        { claim: async (claims) => claims.map(() => 'claimed') },
        // The producer's linger and the broker's answer take 50 ms.
        () => (clock += 50),
      );
      await service.normalize(envelope([item(1, 10)]), context);
      const entries = await timeline();
      expect(entries.map((entry) => entry.state)).toEqual(['normalized']);
      expect(entries[0]!.occurredAt.getTime()).toBe(sentAt[0]);
    } finally {
      now.mockRestore();
    }
  });

  it('publishes the good items beside a drifted one, then fails permanently naming the drift', async () => {
    const { service, published, timeline } = normalizerWith({
      claim: async (claims) => claims.map(() => 'claimed'),
    });
    const done = service.normalize(envelope([item(1, 10), item(2, 'x'), item(3, 30)]), context);
    await expect(done).rejects.toThrow(PayloadDrift);
    await expect(done).rejects.toThrow(
      'hubspot contact.creation payload does not fit its mapping at objectId:',
    );
    expect(published).toHaveLength(2);
    const entries = await timeline();
    expect(entries.map((entry) => entry.state)).toEqual(['normalized', 'normalized', 'drifted']);
    expect(entries[2]).toMatchObject({
      rawEventId: 'raw_1',
      detail: { provider: 'hubspot', providerType: 'contact.creation', path: 'objectId' },
    });
  });

  it('retries later when the idempotency store is down, publishing nothing', async () => {
    const { service, published, timeline } = normalizerWith({
      claim: async () => {
        throw new Error('connection refused');
      },
    });
    await expect(service.normalize(envelope([item(1, 10)]), context)).rejects.toThrow(
      TransientError,
    );
    expect(published).toEqual([]);
    expect(await timeline()).toEqual([]);
  });
});
