import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Headers } from '@hookline/contracts';
import {
  compileForChildProcess,
  createTestDatabase,
  freePort,
  type RunningChild,
  sampleIntegrationEvent,
  serviceProcessEnv,
  type TestDatabase,
  TopicObserver,
  writeTestConfig,
  startServiceProcess,
  startServiceProcesses,
  stopChildren,
} from '@hookline/testing';
import kafkajs, { type Admin } from 'kafkajs';
import pg from 'pg';

const DESTINATION_SECRET = 'whsec_aG9va2xpbmUtZTJlLW9ubHktc2VjcmV0LTMyYnl0ZXM=';
const TOKEN = 'hl_ops_ops-secret-0123456789abcdef';

interface Job {
  id: string;
  state: string;
  total: number;
  sent: number;
  skipped: number;
  alreadyDelivered: number;
  failed: number;
  preview?: { total: number; byReason: { key: string; count: number }[] };
}

describe('replay: dead letters back to a recovered destination, once; resumed after a crash; raw re-drive', () => {
  let build: ReturnType<typeof compileForChildProcess>;
  let database: TestDatabase;
  let db: pg.Client;
  let destination: Server;
  let observer: TopicObserver;
  let admin: Admin;
  let env: Record<string, string>;
  let replayUrl = '';
  let replay: RunningChild;
  const services: RunningChild[] = [];
  let failing = true;
  /** Effects the stand-in destination took, by idempotency key. */
  const effects = new Map<string, number>();

  async function startService(name: string, extra: Record<string, string> = {}) {
    const { child, url, ready } = await startServiceProcess(
      build.outDir,
      name,
      { ...env, ...extra },
      60_000,
    );
    services.push(child);
    expect(ready).toBe(true);
    return { child, url };
  }

  beforeAll(async () => {
    const port = await freePort();
    destination = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        if (failing) return void response.writeHead(503).end('down for maintenance');
        const key = String(request.headers['idempotency-key']);
        effects.set(key, (effects.get(key) ?? 0) + 1);
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => destination.listen(port, '127.0.0.1', resolve));
    const configPath = writeTestConfig(`version: 1
egress: { allow: ['127.0.0.1'] }
tenants:
  - id: acme
    sources:
      - { id: acme-stripe, provider: stripe, secrets: ['whsec_replay_e2e'] }
    destinations:
      - id: orders
        kind: http
        url: 'http://127.0.0.1:${port}/hooks'
        secret: '${DESTINATION_SECRET}'
        retryTiers: ['200ms']
        circuitBreaker: { consecutiveFailures: 100000, minimumAttempts: 100000 }
    routes:
      - { id: paid, eventTypes: ['billing.*'], destination: orders }
operator:
  tokens:
    - { name: ops, role: operator, tenants: [acme], secret: ops-secret-0123456789abcdef }
`);
    build = compileForChildProcess(['apps', 'libs']);
    database = await createTestDatabase();
    env = serviceProcessEnv(configPath, database.url, {
      HOOKLINE_RETRY_TIERS: '200ms',
      HOOKLINE_REPLAY_LEASE_MS: '3000',
    });
    const started = await startServiceProcesses(
      build.outDir,
      ['executor', 'normalizer', 'replay'],
      env,
      60_000,
    );
    services.push(...started.map(({ child }) => child));
    expect(started.filter(({ ready }) => !ready).map(({ service }) => service)).toEqual([]);
    ({ child: replay, url: replayUrl } = started[2]!);
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
    const brokers = env['KAFKA_BROKERS']!.split(',');
    observer = await TopicObserver.start(brokers, env['HOOKLINE_TOPIC_PREFIX']!, [
      'hookline.events.v1',
    ]);
    admin = new kafkajs.Kafka({ brokers, logLevel: kafkajs.logLevel.NOTHING }).admin();
    await admin.connect();
  }, 240_000);

  afterAll(async () => {
    await admin?.disconnect();
    await observer?.close();
    await db?.end();
    await stopChildren(services);
    await new Promise((resolve) => destination?.close(resolve));
    await database?.drop();
    build?.remove();
  });

  async function api(method: string, path: string, body?: unknown): Promise<Job> {
    const response = await fetch(`${replayUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer = (await response.json()) as Job;
    expect(response.status).toBeLessThan(300);
    return answer;
  }

  async function finished(id: string, timeoutMs = 90_000): Promise<Job> {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(200)) {
      const job = await api('GET', `/api/v1/replays/${id}`).catch(() => undefined);
      if (job && ['completed', 'cancelled', 'failed'].includes(job.state)) return job;
    }
    throw new Error(`replay job ${id} did not finish in ${timeoutMs} ms`);
  }

  async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000) {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(200)) {
      const value = await probe();
      if (value !== undefined) return value;
    }
    throw new Error(`${what}: not within ${timeoutMs} ms`);
  }

  const task = (name: string) => ({
    deliveryId: `dlv_${name}`,
    tenantId: 'acme',
    destinationId: 'orders',
    routeId: 'paid',
    event: sampleIntegrationEvent({
      id: `evt_${name}`,
      type: 'billing.invoice.paid',
      subject: `stripe:in_${name}`,
      idempotencykey: `stripe:invoice.paid:evt_${name}`,
    }),
  });

  async function deadLetter(names: string[]): Promise<string[]> {
    failing = true;
    await observer.send(
      'hookline.deliveries.v1',
      names.map((name) => ({
        key: `orders:stripe:in_${name}`,
        value: JSON.stringify(task(name)),
        headers: { [Headers.tenantId]: 'acme', [Headers.correlationId]: `corr_${name}` },
      })),
    );
    const ids = names.map((name) => `stripe:invoice.paid:evt_${name}`);
    return until(`${names.length} dead letters recorded`, async () => {
      const { rows } = await db.query(
        `SELECT id::text FROM dead_letters
          WHERE convert_from(record_value, 'UTF8')::jsonb -> 'event' ->> 'idempotencykey' = ANY($1)`,
        [ids],
      );
      return rows.length === names.length
        ? rows.map((row) => (row as { id: string }).id)
        : undefined;
    });
  }

  const laneRecords = async () =>
    (
      await admin.fetchTopicOffsets(`${env['HOOKLINE_TOPIC_PREFIX']}.hookline.deliveries.v1.replay`)
    ).reduce((n, partition) => n + Number(partition.high), 0);

  /** The executor has handled every record the lane got since `base`: an attempt row each. */
  async function laneHandled(since: Date, base: number): Promise<void> {
    await until('the executor has handled every replayed record', async () => {
      const records = (await laneRecords()) - base;
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM delivery_attempts
          WHERE started_at >= $1 AND outcome IN ('delivered', 'skipped')`,
        [since],
      );
      return (rows[0] as { n: number }).n >= records ? true : undefined;
    });
  }

  it('finds a dead-lettered delivery, previews it, delivers it once after the destination recovers; unforced again is a no-op, forced delivers again', async () => {
    const [id] = await deadLetter(['one']);
    const base = await laneRecords();
    const dry = await api('POST', '/api/v1/replays', {
      kind: 'dead-letters',
      filter: { destination: 'orders', ids: [id] },
      dryRun: true,
    });
    expect(dry).toMatchObject({ state: 'dry-run', total: 1, sent: 0 });
    expect(dry.preview?.byReason).toHaveLength(1);
    expect(dry.preview?.byReason[0]?.count).toBe(1);
    expect(effects.size).toBe(0);

    failing = false;
    const since = new Date();
    await api('POST', `/api/v1/replays/${dry.id}/start`);
    expect(await finished(dry.id)).toMatchObject({ state: 'completed', sent: 1, failed: 0 });
    await until('the replayed delivery arrived', async () =>
      effects.get('stripe:invoice.paid:evt_one') ? true : undefined,
    );

    const again = await api('POST', '/api/v1/replays', {
      kind: 'dead-letters',
      filter: { ids: [id] },
    });
    expect(await finished(again.id)).toMatchObject({ sent: 0, alreadyDelivered: 1 });

    const forced = await api('POST', '/api/v1/replays', {
      kind: 'dead-letters',
      filter: { ids: [id] },
      force: true,
    });
    expect(await finished(forced.id)).toMatchObject({ sent: 1, alreadyDelivered: 0 });
    await laneHandled(since, base);
    const { rows } = await db.query(
      `SELECT outcome FROM delivery_attempts WHERE event_id = 'evt_one' AND started_at >= $1 ORDER BY id`,
      [since],
    );
    expect(rows.map((row) => (row as { outcome: string }).outcome)).toEqual([
      'delivered',
      'delivered',
    ]);
    expect(effects.get('stripe:invoice.paid:evt_one')).toBe(2);
  }, 240_000);

  it('survives a SIGKILL of the replay service: another instance takes the job over and nothing is delivered twice', async () => {
    const names = Array.from({ length: 120 }, (_, index) => `crash_${index}`);
    const ids = await deadLetter(names);
    failing = false;
    const since = new Date();
    const base = await laneRecords();
    const job = await api('POST', '/api/v1/replays', {
      kind: 'dead-letters',
      filter: { ids },
      rate: 20,
    });
    expect(job.total).toBe(120);
    await until('the job is under way', async () => {
      const seen = await api('GET', `/api/v1/replays/${job.id}`);
      return seen.sent >= 40 ? seen : undefined;
    });
    replay.child.kill('SIGKILL');
    expect((await replay.exited).signal).toBe('SIGKILL');

    ({ child: replay, url: replayUrl } = await startService('replay'));
    const done = await finished(job.id);
    expect(done).toMatchObject({ state: 'completed', total: 120, failed: 0, skipped: 0 });
    expect(done.sent + done.alreadyDelivered).toBe(120);

    await until('every replayed delivery arrived', async () =>
      names.every((name) => effects.has(`stripe:invoice.paid:evt_${name}`)) ? true : undefined,
    );
    await laneHandled(since, base);
    const twice = names.filter((name) => effects.get(`stripe:invoice.paid:evt_${name}`) !== 1);
    expect(twice).toEqual([]);
  }, 300_000);

  it('re-drives stored raw webhooks through the normalizer as it maps now: the corrected event comes out', async () => {
    const body = JSON.stringify({
      id: 'evt_redrive',
      type: 'invoice.paid',
      data: {
        object: {
          id: 'in_redrive',
          object: 'invoice',
          customer: 'cus_1',
          amount_due: 4200,
          amount_paid: 4200,
          currency: 'usd',
          status: 'paid',
        },
      },
    });
    // As ingest stored it while the mapping was wrong (its events were dead-lettered then).
    const receivedAt = new Date(Date.now() - 60_000);
    await db.query(
      `INSERT INTO raw_webhooks (id, tenant_id, source_id, provider, dedup_key, received_at, method, path,
         headers, content_type, body, body_bytes, body_sha256, correlation_id)
       VALUES ('raw_redrive', 'acme', 'acme-stripe', 'stripe', 'evt_redrive', $1, 'POST', '/webhooks/acme-stripe',
         '{}', 'application/json', $2, $3, repeat('0', 64), 'corr_redrive')`,
      [receivedAt, Buffer.from(body), Buffer.byteLength(body)],
    );
    const dry = await api('POST', '/api/v1/replays', {
      kind: 'raw-redrive',
      sourceId: 'acme-stripe',
      from: new Date(receivedAt.getTime() - 1_000).toISOString(),
      to: new Date().toISOString(),
      dryRun: true,
    });
    expect(dry.preview).toMatchObject({ total: 1, byReason: [{ key: 'stripe', count: 1 }] });
    await api('POST', `/api/v1/replays/${dry.id}/start`);
    expect(await finished(dry.id)).toMatchObject({ state: 'completed', sent: 1 });
    const [record] = await observer.waitFor('hookline.events.v1', 1, 60_000);
    const event = JSON.parse(record!.value!.toString()) as Record<string, unknown>;
    expect(event).toMatchObject({
      type: 'billing.invoice.paid',
      subject: 'stripe:in_redrive',
      raweventid: 'raw_redrive',
      tenantid: 'acme',
    });
    expect(record!.headers?.['content-type']?.toString()).toBe(
      'application/cloudevents+json; charset=UTF-8',
    );
  }, 180_000);
});
