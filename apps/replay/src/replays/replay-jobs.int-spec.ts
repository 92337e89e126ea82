import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { FailureHeaders, Headers, ReplayHeaders } from '@hookline/contracts';
import { startTracing, type Tracing } from '@hookline/observability';
import { type TestService } from '@hookline/runtime/testing';
import { sampleIntegrationEvent, TopicObserver } from '@hookline/testing';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import kafkajs, { type Admin } from 'kafkajs';
import type pg from 'pg';
import {
  type OperatorApiFixture,
  startOperatorApi,
  TEST_CONFIG,
  TEST_TOKENS,
} from '../api/testing/operator-api.fixture.js';
import { type ReplayJobView } from './use-cases/replay-job.view.js';

const GLOBEX_OPERATOR = 'hl_globex-operator_globex-operator-secret-0123456789';
const CONFIG = TEST_CONFIG.replace(
  '    - { name: all-admin',
  '    - { name: globex-operator, role: operator, tenants: [globex], secret: globex-operator-secret-0123456789 }\n    - { name: all-admin',
);
const TRACE = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('replay jobs: selection, dry run, rate, lanes, headers, counts', () => {
  let api: OperatorApiFixture;
  let service: TestService;
  let observer: TopicObserver;
  let admin: Admin;
  let db: pg.Client;
  let tracing: Tracing;
  const spans = new InMemorySpanExporter();
  let deadLetterTopic = '';
  let lane = '';

  beforeAll(async () => {
    tracing = startTracing({ service: 'replay', exporter: spans });
    api = await startOperatorApi(CONFIG);
    service = api.service;
    db = api.db;
    const prefix = service.config.kafka.topicPrefix;
    deadLetterTopic = `${prefix}.hookline.deliveries.v1.dlt`;
    lane = `${prefix}.hookline.deliveries.v1.replay`;
    observer = await TopicObserver.start(service.config.kafka.brokers, prefix, [
      'hookline.deliveries.v1.replay',
    ]);
    admin = new kafkajs.Kafka({
      brokers: service.config.kafka.brokers,
      logLevel: kafkajs.logLevel.NOTHING,
    }).admin();
    await admin.connect();
    // Dead-lettered delivery tasks as the executor writes them: ten on partition 0, thirty on 1.
    await observer.send(
      'hookline.deliveries.v1.dlt',
      Array.from({ length: 40 }, (_, index) => ({
        partition: index < 10 ? 0 : 1,
        key: `orders:stripe:in_${index}`,
        value: JSON.stringify(task(index)),
        headers: {
          [FailureHeaders.originalTopic]: `${prefix}.hookline.deliveries.v1`,
          [FailureHeaders.originalPartition]: '0',
          [FailureHeaders.originalOffset]: String(100 + index),
          [FailureHeaders.attempt]: '5',
          [FailureHeaders.errorClass]:
            index < 8 ? 'DeliveryFailed' : index < 10 ? 'DeliveryRejected' : 'DeliveryTimedOut',
          [FailureHeaders.errorMessage]: 'orders answered 503',
          [FailureHeaders.errorStage]: 'executor:hookline.deliveries.v1',
          [FailureHeaders.lastFailedAt]: new Date().toISOString(),
          [Headers.tenantId]: 'acme',
          [Headers.correlationId]: `corr_${index}`,
          [Headers.traceparent]: TRACE,
        },
      })),
    );
    // The recorder has them all (dead-letters jobs select from the table).
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(100)) {
      const { rows } = await db.query('SELECT count(*)::int AS n FROM dead_letters');
      if ((rows[0] as { n: number }).n === 40) break;
    }
  });

  afterAll(async () => {
    await admin?.disconnect();
    await observer?.close();
    await api?.close();
    await tracing?.shutdown();
  });

  const task = (index: number) => ({
    deliveryId: `dlv_${index}`,
    tenantId: 'acme',
    destinationId: 'orders',
    routeId: 'paid',
    event: sampleIntegrationEvent({
      id: `evt_${index}`,
      idempotencykey: `stripe:invoice.paid:evt_${index}`,
      subject: `stripe:in_${index}`,
    }),
  });

  async function create(body: unknown, token: string = TEST_TOKENS.acmeOperator) {
    const answer = await api.call('POST', '/api/v1/replays', token, body);
    expect(answer.status).toBe(201);
    return answer.body as unknown as ReplayJobView;
  }

  async function job(id: string, token: string = TEST_TOKENS.acmeViewer): Promise<ReplayJobView> {
    const answer = await api.call('GET', `/api/v1/replays/${id}`, token);
    expect(answer.status).toBe(200);
    return answer.body as unknown as ReplayJobView;
  }

  async function finished(id: string, timeoutMs = 30_000): Promise<ReplayJobView> {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(100)) {
      const seen = await job(id);
      if (['completed', 'cancelled', 'failed'].includes(seen.state)) return seen;
    }
    throw new Error(`replay job ${id} did not finish in ${timeoutMs} ms`);
  }

  const laneRecords = async () =>
    (await admin.fetchTopicOffsets(lane)).reduce((sum, p) => sum + Number(p.high), 0);

  it('replays exactly an offset range of a dead-letter topic after a dry run, to the replay lane', async () => {
    const dry = await create({
      kind: 'offset-range',
      topic: deadLetterTopic,
      partition: 0,
      fromOffset: 3,
      toOffset: 6,
      dryRun: true,
    });
    expect(dry).toMatchObject({ state: 'dry-run', total: 4, sent: 0, createdBy: 'acme-operator' });
    expect(dry.preview?.byReason).toEqual([{ key: 'DeliveryFailed', count: 4 }]);
    expect(dry.preview?.sample.map((item) => item.offset)).toEqual(['3', '4', '5', '6']);
    // A dry run sends nothing, and stays a dry run until confirmed.
    expect(await laneRecords()).toBe(0);

    // Viewers read; only operators start.
    const refused = await api.call(
      'POST',
      `/api/v1/replays/${dry.id}/start`,
      TEST_TOKENS.acmeViewer,
    );
    expect(refused.status).toBe(403);
    const started = await api.call(
      'POST',
      `/api/v1/replays/${dry.id}/start`,
      TEST_TOKENS.acmeOperator,
    );
    expect(started).toMatchObject({ status: 200, body: { state: 'pending' } });
    const again = await api.call(
      'POST',
      `/api/v1/replays/${dry.id}/start`,
      TEST_TOKENS.acmeOperator,
    );
    expect(again.status).toBe(409);
    const done = await finished(dry.id);
    expect(done).toMatchObject({ state: 'completed', total: 4, sent: 4, failed: 0 });
    expect(done.startedAt).not.toBeNull();

    const replayed = await observer.waitFor('hookline.deliveries.v1.replay', 4);
    expect(await laneRecords()).toBe(4);
    const headers = replayed.map((record) =>
      Object.fromEntries(
        Object.entries(record.headers ?? {}).map(([name, value]) => [name, String(value)]),
      ),
    );
    expect(headers.map((h) => h[ReplayHeaders.sourceOffset]).sort()).toEqual(['3', '4', '5', '6']);
    for (const h of headers) {
      expect(h).toMatchObject({
        [ReplayHeaders.jobId]: dry.id,
        [ReplayHeaders.sourceTopic]: deadLetterTopic,
        [ReplayHeaders.sourcePartition]: '0',
        [Headers.tenantId]: 'acme',
        [FailureHeaders.originalTopic]: `${service.config.kafka.topicPrefix}.hookline.deliveries.v1`,
      });
      // Fresh attempts: the failure state is not carried over; nothing forces.
      expect(h[FailureHeaders.attempt]).toBeUndefined();
      expect(h[FailureHeaders.errorClass]).toBeUndefined();
      expect(h[ReplayHeaders.force]).toBeUndefined();
      // A trace of its own, linked to the original one.
      expect(h[Headers.traceparent]).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      expect(h[Headers.traceparent]).not.toContain('4bf92f3577b34da6a3ce929d0e0e4736');
    }
    const replaySpans = spans.getFinishedSpans().filter((span) => span.name === `replay ${lane}`);
    expect(replaySpans).toHaveLength(4);
    expect(replaySpans[0]?.links[0]?.context.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('counts delivery tasks the ledger has as done and sends them only when forced', async () => {
    await db.query(
      `INSERT INTO delivery_ledger (destination_id, idempotency_key, tenant_id, event_id, webhook_id, state)
       VALUES ('orders', 'stripe:invoice.paid:evt_8', 'acme', 'evt_8', 'dlv_8', 'done')`,
    );
    const before = await laneRecords();
    const unforced = await create({
      kind: 'dead-letters',
      filter: { errorClass: 'DeliveryRejected' },
    });
    expect(await finished(unforced.id)).toMatchObject({
      state: 'completed',
      total: 2,
      sent: 1,
      alreadyDelivered: 1,
    });
    expect(await laneRecords()).toBe(before + 1);

    const forced = await create({
      kind: 'dead-letters',
      filter: { errorClass: 'DeliveryRejected' },
      force: true,
    });
    expect(await finished(forced.id)).toMatchObject({ total: 2, sent: 2, alreadyDelivered: 0 });
    const records = await observer.waitFor('hookline.deliveries.v1.replay', before + 3);
    const forceIds = records
      .map((record) => record.headers?.[ReplayHeaders.force]?.toString())
      .filter((id) => id !== undefined);
    expect(forceIds.sort()).toEqual([`${forced.id}:1`, `${forced.id}:2`]);
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM dead_letters WHERE replayed_at IS NOT NULL AND error_class = 'DeliveryRejected'`,
    );
    expect((rows[0] as { n: number }).n).toBe(2);
  });

  it('keeps to the caller’s tenants: other tenants’ records are skipped, a filter outside is refused', async () => {
    const dry = await create(
      {
        kind: 'offset-range',
        topic: deadLetterTopic,
        partition: 0,
        fromOffset: 0,
        toOffset: 1,
        dryRun: true,
      },
      GLOBEX_OPERATOR,
    );
    expect(dry).toMatchObject({ total: 2, skipped: 2 });
    expect(dry.preview?.total).toBe(0);
    const outside = await api.call('POST', '/api/v1/replays', GLOBEX_OPERATOR, {
      kind: 'dead-letters',
      filter: { tenant: 'acme' },
    });
    expect(outside.status).toBe(403);
    // Another tenant's job is not found for acme; a bad body is a 400 naming the field.
    expect(
      (await api.call('GET', `/api/v1/replays/${dry.id}`, TEST_TOKENS.acmeViewer)).status,
    ).toBe(404);
    const bad = await api.call('POST', '/api/v1/replays', TEST_TOKENS.acmeOperator, {
      kind: 'offset-range',
      topic: deadLetterTopic,
      partition: 0,
      fromOffset: 9,
      toOffset: 2,
    });
    expect(bad).toMatchObject({
      status: 400,
      body: { message: 'fromOffset: must not be after toOffset' },
    });
    const notDlt = await api.call('POST', '/api/v1/replays', TEST_TOKENS.acmeOperator, {
      kind: 'offset-range',
      topic: lane,
      partition: 0,
      fromOffset: 0,
      toOffset: 2,
    });
    expect(notDlt.status).toBe(400);
    expect(String(notDlt.body['message'])).toContain('is not a dead-letter topic');
    // Every changing call is audited.
    const { rows } = await db.query(
      `SELECT action, outcome FROM operator_audit WHERE target = $1 ORDER BY id`,
      [dry.id],
    );
    expect(rows).toEqual([{ action: 'replays.create', outcome: 'succeeded' }]);
  });

  it('holds the rate, and a cancelled job stops at its next checkpoint', async () => {
    const before = await laneRecords();
    const started = Date.now();
    const created = await create({
      kind: 'dead-letters',
      filter: { errorClass: 'DeliveryFailed' },
      rate: 10,
    });
    expect(created.total).toBe(8);
    const done = await finished(created.id);
    const seconds = (Date.now() - started) / 1_000;
    expect(done.sent).toBe(8);
    // 8 records at 10/s with a burst of one: not under 0.7 s.
    expect(seconds).toBeGreaterThan(0.7);
    expect(await laneRecords()).toBe(before + 8);

    // 30 records at 10/s: a checkpoint every 10; cancelled after the first.
    const slow = await create({
      kind: 'offset-range',
      topic: deadLetterTopic,
      partition: 1,
      fromOffset: 0,
      toOffset: 29,
      rate: 10,
    });
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; await sleep(50))
      if ((await job(slow.id)).sent >= 10) break;
    const cancelled = await api.call(
      'POST',
      `/api/v1/replays/${slow.id}/cancel`,
      TEST_TOKENS.acmeOperator,
    );
    expect(cancelled).toMatchObject({ status: 200, body: { state: 'cancelled' } });
    // The worker lets go of the job (its progress series goes) at its next checkpoint.
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; await sleep(100)) {
      const metrics = await (await fetch(`${service.url}/metrics`)).text();
      if (!metrics.includes(`job="${slow.id}"`)) break;
    }
    const after = await job(slow.id);
    expect(after.state).toBe('cancelled');
    expect(after.sent).toBeGreaterThanOrEqual(10);
    expect(after.sent).toBeLessThan(30);
    // What went out: the counted batches and at most the one under way when cancelled.
    expect(await laneRecords()).toBeLessThanOrEqual(before + 8 + after.sent + 10);
    expect(await laneRecords()).toBeLessThan(before + 8 + 30);
    const listed = await api.call('GET', '/api/v1/replays?limit=2', TEST_TOKENS.acmeViewer);
    expect((listed.body['items'] as ReplayJobView[]).map((item) => item.id)).toEqual([
      slow.id,
      created.id,
    ]);
    expect(listed.body['nextCursor']).toEqual(expect.any(String));
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(
      /hookline_replay_records_total\{[^}]*kind="dead-letters"[^}]*outcome="sent"[^}]*\} \d+/,
    );
    expect(metrics).toMatch(/hookline_replay_jobs\{[^}]*state="cancelled"[^}]*\} [1-9]/);
  });
});
