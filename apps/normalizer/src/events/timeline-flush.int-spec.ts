import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestService, type TestService } from '@hookline/runtime/testing';
import { TopicObserver, waitForReady, workspaceFile } from '@hookline/testing';
import pg from 'pg';
import { NormalizerModule } from '../normalizer.module.js';

describe('normalizer: what the timeline writer holds is written on shutdown', () => {
  let service: TestService;
  let observer: TopicObserver;

  beforeAll(async () => {
    // A batch that never fills and an interval that never passes: only shutdown flushes.
    service = await startTestService('normalizer', (config) => NormalizerModule.register(config), {
      HOOKLINE_TIMELINE_BATCH: '1000',
      HOOKLINE_TIMELINE_FLUSH_MS: '3600000',
      HOOKLINE_CONFIG: workspaceFile('hookline.example.yaml'),
    });
    expect((await waitForReady(service.url)).ready).toBe(true);
    observer = await TopicObserver.start(
      service.config.kafka.brokers,
      service.config.kafka.topicPrefix,
      ['hookline.events.v1'],
    );
  });

  afterAll(async () => {
    await observer?.close();
    await service?.close();
  });

  it('flushes the buffered entries before the PostgreSQL pool closes', async () => {
    const body = {
      id: 'evt_flush',
      type: 'customer.created',
      data: { object: { id: 'cus_f', object: 'customer', email: null } },
    };
    await observer.send('hookline.ingested.v1', [
      {
        key: 'acme-stripe',
        value: JSON.stringify({
          rawEventId: 'raw_flush',
          tenantId: 'acme',
          sourceId: 'acme-stripe',
          provider: 'stripe',
          receivedAt: new Date().toISOString(),
          dedupKey: 'evt_flush',
          headers: {},
          contentType: 'application/json',
          body: { base64: Buffer.from(JSON.stringify(body)).toString('base64') },
        }),
      },
    ]);
    await observer.waitFor('hookline.events.v1', 1);
    const db = new pg.Client({ connectionString: service.database.url });
    await db.connect();
    try {
      const count = async () =>
        (
          await db.query(
            `SELECT count(*)::int AS n FROM event_timeline WHERE raw_event_id = 'raw_flush'`,
          )
        ).rows[0].n as number;
      expect(await count()).toBe(0); // still buffered
      await service.stop();
      expect(await count()).toBe(1);
    } finally {
      await db.end();
    }
  });
});
