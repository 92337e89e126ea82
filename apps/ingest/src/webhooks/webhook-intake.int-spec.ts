import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { RawWebhookEnvelope } from '@hookline/contracts';
import { PROVIDER_NAMES } from '@hookline/providers';
import { startTestService, type TestService, timelineOf } from '@hookline/runtime/testing';
import { waitForReady } from '@hookline/testing';
import kafkajs, { type Consumer, type KafkaMessage } from 'kafkajs';
import pg from 'pg';
import { IngestModule, ingestAppOptions } from '../ingest.module.js';
import {
  signedRequest,
  testConfigYaml,
  TEST_SECRETS,
  type SignedRequest,
} from './testing/signed-requests.js';

describe('POST /webhooks/{sourceId} against real Kafka and PostgreSQL', () => {
  let service: TestService;
  let db: pg.Client;
  let consumer: Consumer;
  const published: KafkaMessage[] = [];

  beforeAll(async () => {
    const configPath = join(mkdtempSync(join(tmpdir(), 'ingest-')), 'hookline.yaml');
    writeFileSync(configPath, testConfigYaml());
    service = await startTestService(
      'ingest',
      (config) => IngestModule.register(config),
      {
        HOOKLINE_CONFIG: configPath,
        HOOKLINE_RELAY_INTERVAL_MS: '500',
        HOOKLINE_CLAIM_CHECK_BYTES: '4096',
      },
      ingestAppOptions,
    );
    expect((await waitForReady(service.url)).ready).toBe(true);
    db = new pg.Client({ connectionString: service.database.url });
    await db.connect();
    const kafka = new kafkajs.Kafka({
      brokers: service.config.kafka.brokers,
      logLevel: kafkajs.logLevel.NOTHING,
    });
    consumer = kafka.consumer({
      groupId: `${service.config.kafka.topicPrefix}-observer`,
      maxWaitTimeInMs: 100,
    });
    await consumer.connect();
    await consumer.subscribe({
      topic: `${service.config.kafka.topicPrefix}.hookline.ingested.v1`,
      fromBeginning: true,
    });
    await consumer.run({ eachMessage: async ({ message }) => void published.push(message) });
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await db?.end();
    await service?.close();
  });

  const post = (
    request: SignedRequest,
    overrides: { headers?: Record<string, string>; body?: string | Buffer } = {},
  ) =>
    fetch(`${service.url}/webhooks/${request.sourceId}`, {
      method: 'POST',
      headers: { ...request.headers, ...overrides.headers },
      body: overrides.body ?? request.body,
    });

  async function publishedEnvelope(rawEventId: string): Promise<RawWebhookEnvelope> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const found = published
        .map((message) => RawWebhookEnvelope.parse(JSON.parse(message.value?.toString() ?? '{}')))
        .find((envelope) => envelope.rawEventId === rawEventId);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`${rawEventId} was not published`);
      await sleep(50);
    }
  }

  it.each(PROVIDER_NAMES)(
    '%s: a signed webhook is accepted, stored byte-exact and published',
    async (provider) => {
      const request = await signedRequest(provider);
      const response = await post(request);
      expect(response.status).toBe(200);
      const { id, duplicate } = (await response.json()) as { id: string; duplicate: boolean };
      expect(duplicate).toBe(false);

      const { rows } = await db.query(
        'SELECT body, headers, source_id, tenant_id FROM raw_webhooks WHERE id = $1',
        [id],
      );
      expect(rows).toHaveLength(1);
      expect(Buffer.compare(rows[0].body, Buffer.from(request.body))).toBe(0);
      expect(rows[0]).toMatchObject({ source_id: request.sourceId, tenant_id: 't1' });
      expect(JSON.stringify(rows[0].headers)).not.toMatch(/signature|hmac/i);

      const envelope = await publishedEnvelope(id);
      expect(envelope).toMatchObject({ sourceId: request.sourceId, provider, tenantId: 't1' });
      expect(
        'base64' in envelope.body && Buffer.from(envelope.body.base64, 'base64').toString(),
      ).toBe(request.body);
    },
  );

  it('answers a duplicate delivery 200, says so, and stores and publishes nothing new', async () => {
    const request = await signedRequest('github');
    const first = (await (await post(request)).json()) as { id: string };
    const again = await post(request, { headers: { 'x-correlation-id': 'corr-resend' } });
    expect(again.status).toBe(200);
    expect(again.headers.get('hookline-duplicate')).toBe('true');
    expect(await again.json()).toEqual({ id: first.id, duplicate: true });
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM raw_webhooks WHERE dedup_key = $1`,
      [request.headers['x-github-delivery']],
    );
    expect(rows[0].n).toBe(1);
    await publishedEnvelope(first.id);
    await sleep(1_000); // a relay pass or two
    expect(
      published.filter((message) => message.value?.toString().includes(first.id)),
    ).toHaveLength(1);
    // The resend is in the first one's timeline, with its own correlation id.
    const timeline = await timelineOf(service, first.id, ['received', 'duplicate']);
    expect(timeline).toMatchObject([
      {
        stage: 'ingest',
        state: 'received',
        tenantId: 't1',
        sourceId: request.sourceId,
        provider: 'github',
        detail: { dedupKey: request.headers['x-github-delivery'] },
      },
      {
        stage: 'ingest',
        state: 'duplicate',
        correlationId: 'corr-resend',
        detail: { originalRawEventId: first.id },
      },
    ]);
    expect(timeline[0]!.correlationId).not.toBe('corr-resend');
  });

  it('answers each bad input with its own code', async () => {
    const good = await signedRequest('stripe');
    const unknown = await post({ ...good, sourceId: 'no-such-source' });
    expect(unknown.status).toBe(404);

    const tampered = await post(good, { body: good.body.replace('invoice.paid', 'invoice.void') });
    expect(tampered.status).toBe(401);
    expect(await tampered.json()).toEqual({
      error: 'bad_signature',
      message: 'signature verification failed',
    });
    expect((await post(good, { headers: { 'stripe-signature': '' } })).status).toBe(401);

    const staleTimestamp = String(Math.floor(Date.now() / 1_000) - 3_600);
    const slack = await signedRequest('slack');
    expect(
      (await post(slack, { headers: { 'x-slack-request-timestamp': staleTimestamp } })).status,
    ).toBe(401);

    const notJson = await signedRequest('generic-hmac');
    const broken = '{"kind": "ping",';
    const brokenSignature = `sha256=${(await import('node:crypto')).createHmac('sha256', TEST_SECRETS.generic).update(broken).digest('hex')}`;
    expect(
      (await post(notJson, { body: broken, headers: { 'x-signature': brokenSignature } })).status,
    ).toBe(400);

    const large = await signedRequest('stripe', 't-small', {
      id: 'evt_large',
      type: 'x',
      pad: 'a'.repeat(4_000),
    });
    const tooLarge = await post(large);
    expect(tooLarge.status).toBe(413);

    expect((await post(good, { headers: { 'content-type': 'text/plain' } })).status).toBe(415);
  });

  it('answers 429 with Retry-After over a source rate, and good traffic beside it still flows', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 6; i++) {
      const response = await post(await signedRequest('stripe', 't-limited'));
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
    }
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await post(await signedRequest('stripe'))).status).toBe(200);
  });

  it('answers provider handshakes', async () => {
    const challenge = await signedRequest('slack', undefined, {
      type: 'url_verification',
      challenge: 'c-123',
      token: 't',
    });
    const slack = await post(challenge);
    expect(slack.status).toBe(200);
    expect(await slack.text()).toBe('c-123');
    const ping = await signedRequest('github', undefined, {
      zen: 'Keep it logically awesome.',
      hook_id: 1,
    });
    const github = await post(ping, { headers: { 'x-github-event': 'ping' } });
    expect(github.status).toBe(200);
  });

  it('sends a large body as a claim check to the stored row', async () => {
    const request = await signedRequest('stripe', undefined, {
      id: 'evt_big',
      type: 'invoice.paid',
      pad: 'b'.repeat(6_000),
    });
    const { id } = (await (await post(request)).json()) as { id: string };
    const envelope = await publishedEnvelope(id);
    expect(envelope.body).toEqual({
      claimCheck: {
        store: 'postgres',
        rawEventId: id,
        sizeBytes: Buffer.byteLength(request.body),
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    });
  });

  it('counts every outcome by reason and source', async () => {
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(
      /hookline_ingest_requests_total\{source="t-stripe",outcome="bad_signature",code="401",service="ingest"\} [1-9]/,
    );
    expect(metrics).toMatch(
      /hookline_ingest_requests_total\{source="\(unknown\)",outcome="unknown_source",code="404",service="ingest"\} [1-9]/,
    );
    expect(metrics).toMatch(/outcome="too_large"/);
    expect(metrics).toMatch(/outcome="rate_limited"/);
    expect(metrics).toMatch(/outcome="duplicate"/);
  });
});
