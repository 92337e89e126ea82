import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { startStandInDestination, type StandInDestination } from '@hookline/destinations/testing';
import {
  compileForChildProcess,
  createTestDatabase,
  freePort,
  sampleIntegrationEvent,
  startChild,
  testInfrastructure,
  TopicObserver,
  uniqueName,
  waitForReady,
  writeTestConfig,
  type RunningChild,
  type TestDatabase,
} from '@hookline/testing';
import pg from 'pg';

const SECRET = 'whsec_aG9va2xpbmUtdGVzdC1vbmx5LXNlY3JldC0zMmJ5dGU=';
const RATE = 10;

describe('two executor processes sharing one ledger', () => {
  let build: ReturnType<typeof compileForChildProcess>;
  let database: TestDatabase;
  let db: pg.Client;
  let destination: StandInDestination;
  let observer: TopicObserver;
  let configPath: string;
  const topicPrefix = uniqueName();
  const executors: RunningChild[] = [];

  async function startExecutor(): Promise<RunningChild> {
    const port = await freePort();
    const running = startChild(join(build.outDir, 'apps/executor/src/main.js'), {
      KAFKA_BROKERS: testInfrastructure().kafkaBrokers,
      DATABASE_URL: database.url,
      HOOKLINE_TOPIC_PREFIX: topicPrefix,
      HOOKLINE_TOPIC_PARTITIONS: '2',
      HOOKLINE_TOPIC_REPLICATION_FACTOR: '1',
      HOOKLINE_TOPIC_MIN_INSYNC_REPLICAS: '1',
      HOOKLINE_RETRY_TIERS: '200ms,600ms',
      HOOKLINE_CONFIG: configPath,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
    });
    executors.push(running);
    expect((await waitForReady(`http://127.0.0.1:${port}`, 60_000)).ready).toBe(true);
    return running;
  }

  beforeAll(async () => {
    build = compileForChildProcess(['apps/executor/src', 'libs']);
    database = await createTestDatabase();
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    // The sink answers after a little while, so a stream of deliveries takes a few seconds.
    destination = await startStandInDestination(async (request) => {
      if (request.path === '/sink') await new Promise((resolve) => setTimeout(resolve, 20));
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
    configPath = writeTestConfig(
      JSON.stringify({
        version: 1,
        egress: { allow: ['127.0.0.1'] },
        tenants: [
          {
            id: 'acme',
            destinations: [
              http('metered', '/metered', { rateLimit: { requestsPerSecond: RATE } }),
              http('sink', '/sink'),
            ],
          },
        ],
      }),
    );
    await startExecutor();
    await startExecutor();
    observer = await TopicObserver.start(
      testInfrastructure().kafkaBrokers.split(','),
      topicPrefix,
      [],
    );
  }, 120_000);

  afterAll(async () => {
    for (const running of executors) running.child.kill('SIGTERM');
    await Promise.all(executors.map((running) => running.exited));
    await observer?.close();
    await db?.end();
    await database?.drop();
    await destination?.close();
    build?.remove();
  });

  const tasks = (destinationId: string, count: number) =>
    Array.from({ length: count }, (_, i) => {
      const deliveryId = `dlv_${destinationId}_${i}`;
      return {
        key: `${destinationId}:stripe:${deliveryId}`,
        value: JSON.stringify({
          deliveryId,
          tenantId: 'acme',
          destinationId,
          routeId: 'r1',
          event: sampleIntegrationEvent({
            id: `evt_${deliveryId}`,
            subject: `stripe:${deliveryId}`,
            idempotencykey: `stripe:invoice.paid:${deliveryId}`,
          }),
        }),
      };
    });

  it(`holds the destination's rate of ${RATE}/s within 10% across both executors`, async () => {
    const count = 5 * RATE;
    await observer.send('hookline.deliveries.v1', tasks('metered', count));
    const requests = await destination.waitFor('/metered', count, 60_000);
    const times = requests.map((request) => request.at).sort((a, b) => a - b);
    // Every two-second span holds at most twice the rate, within 10% (arrival times
    // carry the network's jitter on top of the limiter's tenth-of-a-second windows)...
    const busiest = Math.max(
      ...times.map((start) => times.filter((at) => at >= start && at < start + 2_000).length),
    );
    expect(busiest).toBeLessThanOrEqual(2 * RATE * 1.1);
    // ...and over the whole run the rate is reached.
    const rate = (count - 1) / ((times.at(-1)! - times[0]!) / 1_000);
    expect(rate).toBeGreaterThanOrEqual(RATE * 0.9);
    expect(rate).toBeLessThanOrEqual(RATE * 1.1);
    expect(new Set(requests.map((request) => request.headers['webhook-id'])).size).toBe(count);
  });

  it('an executor killed mid-stream and restarted repeats no effect that was done', async () => {
    const count = 300;
    await observer.send('hookline.deliveries.v1', tasks('sink', count));
    await destination.waitFor('/sink', count / 5, 60_000);
    const victim = executors.shift()!;
    victim.child.kill('SIGKILL');
    await victim.exited;
    // What the ledger held as done when the process died.
    const { rows } = await db.query<{ idempotency_key: string }>(
      `SELECT idempotency_key FROM delivery_ledger WHERE destination_id = 'sink' AND state = 'done'`,
    );
    const doneAtKill = new Set(rows.map((row) => row.idempotency_key));
    expect(doneAtKill.size).toBeGreaterThan(0);
    await startExecutor();

    for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
      const { rows: done } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM delivery_ledger WHERE destination_id = 'sink' AND state = 'done'`,
      );
      if (done[0]!.n === count) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const received = destination.received.filter((request) => request.path === '/sink');
    const perKey = new Map<string, number>();
    for (const request of received) {
      const key = String(request.headers['idempotency-key']);
      perKey.set(key, (perKey.get(key) ?? 0) + 1);
    }
    // Every delivery took effect; none that was done before the kill took effect twice.
    expect(perKey.size).toBe(count);
    expect([...doneAtKill].filter((key) => perKey.get(key) !== 1)).toEqual([]);
  });
});
