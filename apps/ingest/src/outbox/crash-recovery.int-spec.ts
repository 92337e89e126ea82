import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  compileForChildProcess,
  createTestDatabase,
  freePort,
  startChild,
  testInfrastructure,
  uniqueName,
  waitForReady,
  type TestDatabase,
} from '@hookline/testing';
import kafkajs from 'kafkajs';
import pg from 'pg';
import { signedRequest, testConfigYaml } from '../webhooks/testing/signed-requests.js';

describe('ingest killed right after it answered 200', () => {
  let build: ReturnType<typeof compileForChildProcess>;
  let database: TestDatabase;
  let db: pg.Client;
  const topicPrefix = uniqueName();

  beforeAll(async () => {
    build = compileForChildProcess(['apps/ingest/src', 'libs']);
    database = await createTestDatabase();
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await database?.drop();
    build?.remove();
  });

  async function startIngest(env: Record<string, string>) {
    const port = await freePort();
    const configPath = join(mkdtempSync(join(tmpdir(), 'ingest-crash-')), 'hookline.yaml');
    writeFileSync(configPath, testConfigYaml());
    const running = startChild(join(build.outDir, 'apps/ingest/src/main.js'), {
      KAFKA_BROKERS: testInfrastructure().kafkaBrokers,
      DATABASE_URL: database.url,
      HOOKLINE_TOPIC_PREFIX: topicPrefix,
      HOOKLINE_TOPIC_PARTITIONS: '1',
      HOOKLINE_TOPIC_REPLICATION_FACTOR: '1',
      HOOKLINE_TOPIC_MIN_INSYNC_REPLICAS: '1',
      HOOKLINE_CONFIG: configPath,
      HOOKLINE_RELAY_INTERVAL_MS: '500',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      ...env,
    });
    const url = `http://127.0.0.1:${port}`;
    expect((await waitForReady(url, 60_000)).ready).toBe(true);
    return { child: running.child, url, exited: running.exited };
  }

  /** Posts a signed Stripe webhook, expects its 200 and returns the raw event id. */
  async function acceptedWebhook(url: string): Promise<string> {
    const request = await signedRequest('stripe');
    const response = await fetch(`${url}/webhooks/${request.sourceId}`, {
      method: 'POST',
      headers: request.headers,
      body: request.body,
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { id: string }).id;
  }

  /** Whether the raw webhook is stored, and whether it still waits in the outbox. */
  async function storedAndUnpublished(
    id: string,
  ): Promise<{ stored: boolean; unpublished: boolean }> {
    const { rows } = await db.query<{ stored: boolean; unpublished: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM raw_webhooks WHERE id = $1) AS stored,
              EXISTS (SELECT 1 FROM raw_webhook_outbox WHERE id = $1) AS unpublished`,
      [id],
    );
    return rows[0]!;
  }

  it('loses nothing: the committed webhook is published after a restart', async () => {
    // The first process waits a minute before publishing: it is killed in that window.
    const first = await startIngest({ HOOKLINE_INGEST_PUBLISH_DELAY_MS: '60000' });
    const id = await acceptedWebhook(first.url);
    first.child.kill('SIGKILL');
    await first.exited;

    // Stored, and still in the outbox: not published yet.
    expect(await storedAndUnpublished(id)).toEqual({ stored: true, unpublished: true });

    const second = await startIngest({});
    try {
      const deadline = Date.now() + 30_000;
      let state = await storedAndUnpublished(id);
      while (state.unpublished && Date.now() < deadline) {
        await sleep(100);
        state = await storedAndUnpublished(id);
      }
      expect(state).toEqual({ stored: true, unpublished: false });

      const kafka = new kafkajs.Kafka({
        brokers: testInfrastructure().kafkaBrokers.split(','),
        logLevel: kafkajs.logLevel.NOTHING,
      });
      const admin = kafka.admin();
      await admin.connect();
      const [partition] = await admin.fetchTopicOffsets(`${topicPrefix}.hookline.ingested.v1`);
      await admin.disconnect();
      expect(Number(partition?.high)).toBe(1);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });

  it('SIGTERM right after a 200: the publish under way finishes before the process exits', async () => {
    const kafka = new kafkajs.Kafka({
      brokers: testInfrastructure().kafkaBrokers.split(','),
      logLevel: kafkajs.logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const published = async () =>
        Number((await admin.fetchTopicOffsets(`${topicPrefix}.hookline.ingested.v1`))[0]?.high);
      // The relay would only look after a minute: whatever is published here was drained.
      const running = await startIngest({
        HOOKLINE_INGEST_PUBLISH_DELAY_MS: '1500',
        HOOKLINE_RELAY_INTERVAL_MS: '60000',
      });
      const before = await published();
      const id = await acceptedWebhook(running.url);
      running.child.kill('SIGTERM');
      await running.exited;

      expect(await storedAndUnpublished(id)).toEqual({ stored: true, unpublished: false });
      expect(await published()).toBe(before + 1);
    } finally {
      await admin.disconnect();
    }
  });
});
