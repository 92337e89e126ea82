import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ServerResponse } from 'node:http';
import { FailureHeaders } from '@hookline/contracts';
import { awaitTopicLeaders } from '@hookline/kafka';
import { startTracing, type Tracing } from '@hookline/observability';
import { startStandInDestination, type StandInDestination } from '@hookline/destinations/testing';
import { startTestService, type TestService, timelineOf } from '@hookline/runtime/testing';
import {
  sampleIntegrationEvent,
  testInfrastructure,
  TopicObserver,
  uniqueName,
  waitForReady,
  writeTestConfig,
} from '@hookline/testing';
import kafkajs from 'kafkajs';
import pg from 'pg';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { Webhook } from 'standardwebhooks';
import { ExecutorModule } from '../executor.module.js';

const SECRET = 'whsec_aG9va2xpbmUtdGVzdC1vbmx5LXNlY3JldC0zMmJ5dGU=';

describe('executor: delivery tasks to real HTTP destinations, through the ledger, retry tiers and the DLT', () => {
  let service: TestService;
  let destination: StandInDestination;
  let observer: TopicObserver;
  let db: pg.Client;
  const failures = new Map<string, number>();
  let sleepyGone = true;
  const hanging: ServerResponse[] = [];
  const topicPrefix = uniqueName();
  const downstream = `${topicPrefix}.downstream.orders`;
  const spans = new InMemorySpanExporter();
  let tracing: Tracing;

  beforeAll(async () => {
    tracing = startTracing({ service: 'executor', exporter: spans });
    destination = await startStandInDestination((request, response) => {
      const path = request.path;
      if (path === '/gone') return void response.writeHead(410).end();
      if (path === '/sleepy' && sleepyGone) return void response.writeHead(410).end();
      if (path === '/bad') return void response.writeHead(400).end('{"error":"no such order"}');
      if (path === '/down') return void response.writeHead(503).end();
      if (path === '/hang') return new Promise<void>(() => hanging.push(response));
      // `/fail-N`: N failures (503), then success; `/trip`: two failures, then success.
      const planned = Number(/^\/fail-(\d+)$/.exec(path)?.[1] ?? (path === '/trip' ? 2 : 0));
      const seen = failures.get(path) ?? 0;
      failures.set(path, seen + 1);
      if (seen < planned) return void response.writeHead(503).end('busy, try later');
    });
    const http = (id: string, path: string, overrides: Record<string, unknown> = {}) => ({
      id,
      kind: 'http',
      url: `${destination.url}${path}`,
      secret: SECRET,
      timeout: '2s',
      retryTiers: ['300ms', '300ms', '300ms'],
      ...overrides,
    });
    // YAML is a superset of JSON.
    const configPath = writeTestConfig(
      JSON.stringify({
        version: 1,
        egress: { allow: ['127.0.0.1'] },
        tenants: [
          {
            id: 'acme',
            destinations: [
              http('healthy', '/healthy'),
              http('flaky', '/fail-3', { retryTiers: ['300ms', '600ms', '900ms'] }),
              http('down', '/down', { retryTiers: ['200ms', '200ms', '1s'] }),
              http('gone', '/gone'),
              http('bad', '/bad'),
              http('sleepy', '/sleepy'),
              http('state', '/state', { ordering: 'stale-skip' }),
              http('hang', '/hang', { timeout: '30s', concurrency: 2 }),
              {
                ...http('chat', '/slack'),
                kind: 'slack',
                secret: undefined,
                template: '{{ type }} for {{ subject }}: {{ data.amount_paid / 100 }}',
              },
              { id: 'stream', kind: 'kafka', topic: downstream, retryTiers: ['300ms'] },
              http('trip', '/trip', {
                circuitBreaker: { consecutiveFailures: 2, halfOpenAfter: '1s' },
              }),
            ],
          },
        ],
      }),
    );
    // The downstream topic is the destination's own: Hookline does not create it.
    const admin = new kafkajs.Kafka({
      brokers: testInfrastructure().kafkaBrokers.split(','),
      logLevel: kafkajs.logLevel.NOTHING,
    }).admin();
    await admin.connect();
    // kafkajs's own wait for leaders gives up on a broker whose metadata still lags.
    await admin.createTopics({
      topics: [{ topic: downstream, numPartitions: 1 }],
      waitForLeaders: false,
    });
    await awaitTopicLeaders(admin, [downstream]);
    await admin.disconnect();
    service = await startTestService('executor', (config) => ExecutorModule.register(config), {
      HOOKLINE_TOPIC_PREFIX: topicPrefix,
      HOOKLINE_CONFIG: configPath,
      // The service's tiers carry retries; each destination's own retryTiers time them.
      HOOKLINE_RETRY_TIERS: '200ms,600ms',
    });
    expect((await waitForReady(service.url)).ready).toBe(true);
    observer = await TopicObserver.start(
      service.config.kafka.brokers,
      service.config.kafka.topicPrefix,
      ['hookline.deliveries.v1.dlt', 'downstream.orders'],
    );
    db = new pg.Client({ connectionString: service.database.url });
    await db.connect();
  });

  afterAll(async () => {
    for (const response of hanging) response.destroy();
    await db?.end();
    await observer?.close();
    await service?.close();
    await tracing?.shutdown();
    await destination?.close();
  });

  const task = (
    deliveryId: string,
    destinationId: string,
    extra: Record<string, unknown> = {},
  ) => ({
    deliveryId,
    tenantId: 'acme',
    destinationId,
    routeId: 'r1',
    event: sampleIntegrationEvent({
      id: `evt_${deliveryId}`,
      raweventid: `raw_${deliveryId}`,
      subject: `stripe:${deliveryId}`,
      idempotencykey: `stripe:invoice.paid:${deliveryId}`,
    }),
    ...extra,
  });
  const send = (...tasks: ReturnType<typeof task>[]) =>
    observer.send(
      'hookline.deliveries.v1',
      tasks.map((value) => ({
        key: `${value.destinationId}:${value.event.subject}`,
        value: JSON.stringify(value),
        headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
      })),
    );
  const deadLetterOf = async (key: string) => {
    for (const deadline = Date.now() + 20_000; Date.now() < deadline;) {
      const found = observer
        .messages('hookline.deliveries.v1.dlt')
        .find((record) => record.key?.toString() === key);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no dead letter for ${key}`);
  };
  const metric = async (pattern: RegExp) => {
    const text = await (await fetch(`${service.url}/metrics`)).text();
    return text
      .split('\n')
      .filter((line) => pattern.test(line))
      .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
  };

  it('delivers once, signed so that standardwebhooks verifies it, and skips a redelivered task', async () => {
    await send(task('dlv_ok', 'healthy'));
    const [request] = await destination.waitFor('/healthy', 1);
    const verified = new Webhook(SECRET).verify(request!.body, {
      'webhook-id': String(request!.headers['webhook-id']),
      'webhook-timestamp': String(request!.headers['webhook-timestamp']),
      'webhook-signature': String(request!.headers['webhook-signature']),
    });
    expect(verified).toMatchObject({ id: 'evt_dlv_ok', type: 'stripe.invoice.paid' });
    expect(request!.headers['webhook-id']).toBe('dlv_ok');
    expect(request!.headers['idempotency-key']).toBe('stripe:invoice.paid:dlv_ok');
    // The same trace, continued by the executor's span for this attempt, a child of its
    // handling of the record, a child of the record's producer.
    const [, traceId, spanId] =
      /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(String(request!.headers['traceparent'])) ?? [];
    expect(traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    // Spans end once the answer is read: wait for them.
    const finished = async (id: string | undefined) => {
      for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
        const found = spans.getFinishedSpans().find((span) => span.spanContext().spanId === id);
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return undefined;
    };
    const attempt = await finished(spanId);
    expect(attempt?.name).toBe('deliver healthy');
    expect(attempt?.attributes).toMatchObject({
      'hookline.destination.id': 'healthy',
      'hookline.delivery.id': 'dlv_ok',
      'hookline.attempt': 1,
      'hookline.delivery.outcome': 'delivered',
    });
    const handling = await finished(attempt?.parentSpanContext?.spanId);
    expect(handling?.name).toBe(`process ${topicPrefix}.hookline.deliveries.v1`);
    expect(handling?.parentSpanContext?.spanId).toBe('b7ad6b7169203331');

    // The same effect again: a redelivery, and a second route's task for the same event.
    await send(task('dlv_ok', 'healthy'), { ...task('dlv_ok', 'healthy'), deliveryId: 'dlv_ok_2' });
    for (const deadline = Date.now() + 20_000; Date.now() < deadline;) {
      if (
        (await metric(/^hookline_executor_deliveries_skipped_total\{.*destination="healthy"/)) >= 2
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(
      await metric(/^hookline_executor_deliveries_skipped_total\{.*destination="healthy"/),
    ).toBe(2);
    expect(destination.received.filter((r) => r.path === '/healthy')).toHaveLength(1);
    const { rows } = await db.query(
      `SELECT outcome FROM delivery_attempts WHERE event_id = 'evt_dlv_ok' ORDER BY id`,
    );
    expect(rows.map((row) => row.outcome)).toEqual(['delivered', 'skipped', 'skipped']);

    // Forced by an operator, it is delivered again with the same webhook-id.
    await send(
      task('dlv_ok_3', 'healthy', { force: true, event: task('dlv_ok', 'healthy').event }),
    );
    const again = await destination.waitFor('/healthy', 2);
    expect(again[1]!.headers['webhook-id']).toBe('dlv_ok');
  });

  it('sends a Slack message from its template, and an event to a downstream Kafka topic', async () => {
    await send(task('dlv_chat', 'chat'), task('dlv_stream', 'stream'));
    const [message] = await destination.waitFor('/slack', 1);
    expect(JSON.parse(message!.body)).toEqual({
      text: 'stripe.invoice.paid for stripe:dlv_chat: 42',
    });
    const [record] = await observer.waitFor('downstream.orders', 1);
    expect(record?.key?.toString()).toBe('stripe:dlv_stream');
    expect(JSON.parse(record!.value!.toString())).toMatchObject({ id: 'evt_dlv_stream' });
    expect(record?.headers?.['idempotency-key']?.toString()).toBe('stripe:invoice.paid:dlv_stream');
    expect(record?.headers?.['webhook-id']?.toString()).toBe('dlv_stream');
  });

  it('disables a destination that answers 410, parks its events, and delivers them in order once enabled', async () => {
    const stateOf = async () =>
      (await (await fetch(`${service.url}/destinations/sleepy`)).json()) as {
        enabled: boolean;
        parked: number;
        disabledWhy: string | null;
      };
    const until = async (check: (state: Awaited<ReturnType<typeof stateOf>>) => boolean) => {
      for (const deadline = Date.now() + 20_000; Date.now() < deadline;) {
        const state = await stateOf();
        if (check(state)) return state;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(
        `sleepy never reached the expected state: ${JSON.stringify(await stateOf())}`,
      );
    };
    const sameSubject = (deliveryId: string) => {
      const value = task(deliveryId, 'sleepy');
      return { ...value, event: { ...value.event, subject: 'stripe:cus_sleepy' } };
    };
    await send(sameSubject('dlv_sleepy_0'));
    expect(await until((state) => !state.enabled)).toMatchObject({
      disabledWhy: 'sleepy answered 410',
    });

    const parked = ['dlv_sleepy_1', 'dlv_sleepy_2', 'dlv_sleepy_3'].map(sameSubject);
    await send(...parked);
    await until((state) => state.parked === parked.length);
    expect(destination.received.filter((request) => request.path === '/sleepy')).toHaveLength(1);

    sleepyGone = false;
    const enabled = await fetch(`${service.url}/destinations/sleepy/enable`, { method: 'POST' });
    expect(await enabled.json()).toEqual({ republished: 3 });
    const requests = await destination.waitFor('/sleepy', 4);
    expect(requests.slice(1).map((request) => request.headers['webhook-id'])).toEqual([
      'dlv_sleepy_1',
      'dlv_sleepy_2',
      'dlv_sleepy_3',
    ]);
    expect(await stateOf()).toMatchObject({ enabled: true, parked: 0 });
  });

  it('skips an event older than the last delivered for its subject, for a state-sync destination', async () => {
    const at = (deliveryId: string, time: string) => {
      const value = task(deliveryId, 'state');
      return { ...value, event: { ...value.event, subject: 'hubspot:contact_1', time } };
    };
    await send(at('dlv_state_new', '2026-11-30T12:00:00.000Z'));
    await destination.waitFor('/state', 1);
    await send(
      at('dlv_state_old', '2026-11-30T11:00:00.000Z'),
      at('dlv_state_newer', '2026-11-30T13:00:00.000Z'),
    );
    const requests = await destination.waitFor('/state', 2);
    expect(requests.map((request) => request.headers['webhook-id'])).toEqual([
      'dlv_state_new',
      'dlv_state_newer',
    ]);
    const { rows } = await db.query(
      `SELECT outcome, reason FROM delivery_attempts WHERE event_id = 'evt_dlv_state_old'`,
    );
    expect(rows).toEqual([
      { outcome: 'stale', reason: 'older than the last event delivered for hubspot:contact_1' },
    ]);
    expect(await timelineOf(service, 'raw_dlv_state_old', ['skipped'])).toMatchObject([
      { stage: 'executor', destinationId: 'state', detail: { reason: 'stale' } },
    ]);
  });

  it('delivers exactly once to a destination that answers 503 three times, after its tiers', async () => {
    await send(task('dlv_flaky', 'flaky'));
    const attempts = await destination.waitFor('/fail-3', 4);
    const gaps = attempts.slice(1).map((attempt, index) => attempt.at - attempts[index]!.at);
    expect(gaps[0]).toBeGreaterThanOrEqual(200);
    expect(gaps[1]).toBeGreaterThanOrEqual(450);
    expect(gaps[2]).toBeGreaterThanOrEqual(700);
    expect(new Set(attempts.map((attempt) => attempt.headers['webhook-id']))).toEqual(
      new Set(['dlv_flaky']),
    );
    // Every attempt is on the timeline, the failures with their status and answer.
    for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
      const { rows } = await db.query(
        `SELECT attempt, outcome, status, response_snippet FROM delivery_attempts WHERE event_id = 'evt_dlv_flaky' ORDER BY id`,
      );
      if (rows.length < 4) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      expect(rows.map((row) => [row.outcome, row.status])).toEqual([
        ['transient', 503],
        ['transient', 503],
        ['transient', 503],
        ['delivered', 204],
      ]);
      expect(rows[0].response_snippet).toBe('busy, try later');
      break;
    }
    const { rows } = await db.query(
      `SELECT state, failures FROM delivery_ledger WHERE destination_id = 'flaky'`,
    );
    expect(rows).toEqual([{ state: 'done', failures: 3 }]);
    const timeline = await timelineOf(service, 'raw_dlv_flaky', ['delivered']);
    expect(timeline.map((entry) => [entry.state, entry.detail['status']])).toEqual([
      ['attempt', 503],
      ['attempt', 503],
      ['attempt', 503],
      ['attempt', 204],
      ['delivered', 204],
    ]);
    expect(timeline.map((entry) => entry.detail['attempt'] ?? null)).toEqual([1, 2, 3, 4, null]);
    expect(timeline[0]).toMatchObject({ destinationId: 'flaky', eventId: 'evt_dlv_flaky' });
  });

  it('dead-letters a 400 at once, and a 410', async () => {
    await send(task('dlv_bad', 'bad'), task('dlv_gone', 'gone'));
    const bad = await deadLetterOf('bad:stripe:dlv_bad');
    const gone = await deadLetterOf('gone:stripe:dlv_gone');
    expect(destination.received.filter((request) => request.path === '/bad')).toHaveLength(1);
    expect(destination.received.filter((request) => request.path === '/gone')).toHaveLength(1);
    expect(bad?.headers?.[FailureHeaders.errorClass]?.toString()).toBe('DeliveryRejected');
    expect(bad?.headers?.[FailureHeaders.errorMessage]?.toString()).toBe('bad answered 400');
    expect(bad?.headers?.[FailureHeaders.attempt]?.toString()).toBe('1');
    expect(gone?.headers?.[FailureHeaders.errorClass]?.toString()).toBe('DestinationGone');
    const timeline = await timelineOf(service, 'raw_dlv_bad', ['failed']);
    expect(timeline).toMatchObject([
      { state: 'attempt', detail: { status: 400, outcome: 'permanent' } },
      { state: 'failed', destinationId: 'bad', detail: { reason: 'answered 400', attempts: 1 } },
    ]);
  });

  it("retries on the destination's own schedule, then dead-letters with the attempt count", async () => {
    await send(task('dlv_down', 'down'));
    const deadLetter = await deadLetterOf('down:stripe:dlv_down');
    const attempts = destination.received.filter((request) => request.path === '/down');
    // Three retries (the destination's schedule), not the service's two.
    expect(attempts).toHaveLength(4);
    const gaps = attempts.slice(1).map((attempt, index) => attempt.at - attempts[index]!.at);
    expect(gaps[0]).toBeGreaterThanOrEqual(150);
    expect(gaps[2]).toBeGreaterThanOrEqual(750);
    expect(deadLetter?.headers?.[FailureHeaders.attempt]?.toString()).toBe('4');
    expect(deadLetter?.headers?.[FailureHeaders.errorClass]?.toString()).toBe('DeliveryFailed');
    expect(deadLetter?.headers?.[FailureHeaders.errorMessage]?.toString()).toBe(
      'down answered 503',
    );
    const timeline = await timelineOf(service, 'raw_dlv_down', ['failed']);
    expect(timeline.map((entry) => entry.state)).toEqual([
      'attempt',
      'attempt',
      'attempt',
      'attempt',
      'failed',
    ]);
  });

  it('keeps delivering to a healthy destination while another hangs', async () => {
    const hangTasks = Array.from({ length: 12 }, (_, i) => task(`dlv_hang_${i}`, 'hang'));
    const healthyTasks = Array.from({ length: 10 }, (_, i) => task(`dlv_fine_${i}`, 'healthy'));
    await send(...hangTasks);
    await destination.waitFor('/hang', 2);
    const before = destination.received.filter((request) => request.path === '/healthy').length;
    await send(...healthyTasks);
    await destination.waitFor('/healthy', before + healthyTasks.length);
    // Every healthy delivery arrived while the hanging ones were still open, and the
    // hanging destination never had more than its concurrency at once.
    expect(hanging.every((response) => !response.writableEnded)).toBe(true);
    expect(destination.received.filter((request) => request.path === '/hang')).toHaveLength(2);
    expect(
      await metric(/^hookline_executor_deliveries_deferred_total\{.*destination="hang"/),
    ).toBeGreaterThan(0);
  });

  it('opens the circuit on a run of failures, sends work to the tiers meanwhile, and closes after a probe', async () => {
    // One subject: the tasks are handled one after another, so the failures come in a row.
    const tasks = Array.from({ length: 6 }, (_, i) => {
      const value = task(`dlv_trip_${i}`, 'trip');
      return { ...value, event: { ...value.event, subject: 'stripe:cus_trip' } };
    });
    await send(...tasks);
    const requests = await destination.waitFor('/trip', 2 + tasks.length);
    for (const deadline = Date.now() + 20_000; Date.now() < deadline;) {
      const { rows } = await db.query(
        `SELECT count(*)::int AS done FROM delivery_ledger WHERE destination_id = 'trip' AND state = 'done'`,
      );
      if (rows[0].done === tasks.length) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Each task took effect once; the open circuit kept the others from calling.
    const delivered = requests.slice(2).map((request) => request.headers['webhook-id']);
    expect(new Set(delivered).size).toBe(tasks.length);
    expect(destination.received.filter((request) => request.path === '/trip')).toHaveLength(
      2 + tasks.length,
    );
    expect(
      await metric(
        /^hookline_executor_deliveries_deferred_total\{.*destination="trip",reason="circuit-open"/,
      ),
    ).toBeGreaterThan(0);
    expect(await metric(/^hookline_executor_circuit_open\{.*destination="trip"/)).toBe(0);
  });
});
