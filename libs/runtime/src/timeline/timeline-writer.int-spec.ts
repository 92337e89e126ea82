import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ServiceMetrics } from '@hookline/observability';
import {
  DatabaseConnection,
  PgEventTimelineRepository,
  type TimelineEntryInput,
} from '@hookline/persistence';
import { createTestDatabase, testInfrastructure, type TestDatabase } from '@hookline/testing';
import pg from 'pg';
import { TimelineWriter } from './timeline-writer.js';

describe('TimelineWriter on a real PostgreSQL, also while it is away', () => {
  let database: TestDatabase;
  let connection: DatabaseConnection;
  let admin: pg.Client;
  let metrics: ServiceMetrics;
  let writer: TimelineWriter;
  let timeline: PgEventTimelineRepository;

  const entry = (rawEventId: string, n: number): TimelineEntryInput => ({
    rawEventId,
    tenantId: 'acme',
    stage: 'executor',
    state: 'attempt',
    detail: { attempt: n },
    occurredAt: new Date(),
  });
  const counter = async (name: string, reason?: string) =>
    (await metrics.registry.getSingleMetric(name)?.get())?.values.find(
      (value) => reason === undefined || value.labels['reason'] === reason,
    )?.value ?? 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    connection = new DatabaseConnection({
      url: database.url,
      poolSize: 2,
      applicationName: 'timeline-writer-test',
      connectTimeoutMs: 2_000,
    });
    await connection.connect();
    admin = new pg.Client({ connectionString: testInfrastructure().databaseAdminUrl });
    await admin.connect();
    metrics = new ServiceMetrics('test');
    timeline = new PgEventTimelineRepository(connection);
    writer = new TimelineWriter(
      timeline,
      { enabled: true, maxBuffered: 1_000, batchSize: 100, flushIntervalMs: 50 },
      metrics,
    );
  });

  afterAll(async () => {
    await admin?.query(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS true`).catch(() => {});
    await admin?.end();
    await connection?.close();
    await database?.drop();
  });

  it('writes batches in order, then drops and counts what PostgreSQL cannot take, and recovers', async () => {
    writer.record(...Array.from({ length: 250 }, (_, n) => entry('raw_up', n)));
    await writer.flush();
    const written = await timeline.forRawEvent('raw_up');
    expect(written.map((e) => e.detail['attempt'])).toEqual(
      Array.from({ length: 250 }, (_, n) => n),
    );
    expect(await counter('hookline_timeline_entries_written_total')).toBe(250);

    // PostgreSQL goes away for this database: every connection cut, new ones refused.
    await admin.query(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS false`);
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [
      database.name,
    ]);
    // Recording neither throws nor waits for the database.
    expect(writer.record(entry('raw_down', 1), entry('raw_down', 2))).toBeUndefined();
    await writer.flush();
    expect(await counter('hookline_timeline_write_failures_total')).toBeGreaterThanOrEqual(1);
    expect(await counter('hookline_timeline_entries_dropped_total', 'write_failed')).toBe(2);

    await admin.query(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS true`);
    for (const deadline = Date.now() + 20_000; ;) {
      writer.record(entry('raw_back', 1));
      await writer.flush();
      if ((await timeline.forRawEvent('raw_back').catch(() => [])).length > 0) break;
      if (Date.now() > deadline) throw new Error('the writer did not recover');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await timeline.forRawEvent('raw_down')).toEqual([]);
  });
});
