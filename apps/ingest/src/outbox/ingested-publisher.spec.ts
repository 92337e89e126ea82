import { describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { type KafkaConnection } from '@hookline/kafka';
import { ServiceMetrics } from '@hookline/observability';
import { type DependencySupervisor, type ServiceConfig } from '@hookline/runtime';
import { type RawWebhook, type RawWebhookStore } from '@hookline/persistence';
import { IngestMetrics } from '../webhooks/ingest-metrics.js';
import { IngestedPublisher } from './ingested-publisher.service.js';

// The inline path's bookkeeping only: which webhooks it leaves to the relay and how it
// counts them. The real Kafka and PostgreSQL path is covered by the integration tests.
function publisherWith(publish: () => Promise<void>) {
  const metrics = new ServiceMetrics('ingest');
  const marked: string[] = [];
  const kafka = { producer: { publish } } as unknown as KafkaConnection;
  const store = {
    markPublished: async (id: string) => void marked.push(id),
  } as unknown as RawWebhookStore;
  const config = {
    ingest: { publishDelayMs: 0, claimCheckBytes: 1_000, relayIntervalMs: 5_000 },
  } as unknown as ServiceConfig;
  const publisher = new IngestedPublisher(
    kafka,
    store,
    {} as DependencySupervisor,
    new IngestMetrics(metrics),
    config,
  );
  const deferred = async (reason: string) => {
    const line = (await metrics.render())
      .split('\n')
      .find((row) => row.startsWith(`hookline_ingest_publish_deferred_total{reason="${reason}"`));
    return Number(line?.split(' ').at(-1) ?? 0);
  };
  return { publisher, marked, deferred };
}

const webhook = (id: string): RawWebhook => ({
  id,
  tenantId: 't',
  sourceId: 's',
  provider: 'stripe',
  dedupKey: id,
  receivedAt: new Date(),
  method: 'POST',
  path: '/webhooks/s',
  headers: {},
  contentType: 'application/json',
  body: Buffer.from('{}'),
  bodySha256: '',
  correlationId: 'c',
  traceparent: null,
});

describe('IngestedPublisher inline path', () => {
  it('publishes, marks published and forgets the webhook', async () => {
    const { publisher, marked } = publisherWith(async () => {});
    publisher.publishSoon(webhook('raw_1'));
    expect(publisher.publishesInFlight).toBe(1);
    await sleep(0);
    expect(marked).toEqual(['raw_1']);
    expect(publisher.publishesInFlight).toBe(0);
  });

  it('leaves a webhook whose publish fails to the relay, counted', async () => {
    const { publisher, marked, deferred } = publisherWith(async () => {
      throw new Error('broker away');
    });
    publisher.publishSoon(webhook('raw_1'));
    publisher.publishSoon(webhook('raw_2'));
    await sleep(0);
    expect(marked).toEqual([]);
    expect(await deferred('publish_failed')).toBe(2);
    await publisher.onApplicationShutdown();
  });

  it('stops publishing inline once 5 000 publishes are under way', async () => {
    let release!: () => void;
    const stalled = new Promise<void>((resolve) => (release = resolve));
    const { publisher, marked, deferred } = publisherWith(() => stalled);
    for (let index = 0; index < 5_003; index++) publisher.publishSoon(webhook(`raw_${index}`));
    expect(publisher.publishesInFlight).toBe(5_000);
    expect(await deferred('backlog_full')).toBe(3);

    // A stop waits for the publishes under way.
    const stopping = publisher.beforeApplicationShutdown();
    release();
    await stopping;
    expect(marked).toHaveLength(5_000);
    expect(publisher.publishesInFlight).toBe(0);
    await publisher.onApplicationShutdown();
  });
});
