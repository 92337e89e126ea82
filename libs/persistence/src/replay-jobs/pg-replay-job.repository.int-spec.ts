import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase, type TestDatabase } from '@hookline/testing';
import { DatabaseConnection } from '../database.connection.js';
import { PgReplayJobRepository } from './pg-replay-job.repository.js';
import { type NewReplayJob } from './replay-job.repository.js';
import { type NewReplayItem } from './replay-job.js';

describe('replay jobs in PostgreSQL', () => {
  let database: TestDatabase;
  let connection: DatabaseConnection;
  let jobs: PgReplayJobRepository;

  beforeAll(async () => {
    database = await createTestDatabase();
    connection = new DatabaseConnection({
      url: database.url,
      poolSize: 4,
      applicationName: 'replay-jobs-test',
      connectTimeoutMs: 2_000,
    });
    await connection.connect();
    jobs = new PgReplayJobRepository(connection);
  });

  afterAll(async () => {
    await connection?.close();
    await database?.drop();
  });

  let n = 0;
  const job = (overrides: Partial<NewReplayJob> = {}): NewReplayJob => ({
    id: `rpl_${++n}`,
    kind: 'dead-letters',
    state: 'pending',
    request: { kind: 'dead-letters', filter: {} },
    tenantScope: ['acme'],
    createdBy: 'ops',
    rate: 100,
    force: false,
    ...overrides,
  });
  const items = (count: number, reason = 'TransientError'): NewReplayItem[] =>
    Array.from({ length: count }, (_, index) => ({
      topic: 'hookline.deliveries.v1.dlt',
      partition: 0,
      offset: String(index),
      ref: String(index + 1),
      tenantId: 'acme',
      reason,
    }));

  it('keeps the selection, previews it by reason, and counts items skipped at creation', async () => {
    const created = await jobs.create(job({ state: 'dry-run' }), [
      ...items(3),
      ...items(2, 'PermanentError'),
      { ...items(1)[0]!, skippedBecause: 'tenant globex is outside the scope' },
    ]);
    expect(created).toMatchObject({ state: 'dry-run', total: 6, skipped: 1, sent: 0 });
    const preview = await jobs.preview(created.id, 2);
    expect(preview.total).toBe(5);
    expect(preview.byReason).toEqual([
      { key: 'TransientError', count: 3 },
      { key: 'PermanentError', count: 2 },
    ]);
    expect(preview.sample.map((item) => item.seq)).toEqual([1, 2]);
    // Only a dry run starts; a started one does not start again.
    expect((await jobs.start(created.id))?.state).toBe('pending');
    expect(await jobs.start(created.id)).toBeUndefined();
    expect((await jobs.cancel(created.id))?.state).toBe('cancelled');
  });

  it('lets one owner run a job at a time, hands it over when the lease runs out, and fences the old owner', async () => {
    const created = await jobs.create(job(), items(4));
    const first = await jobs.claimNext('replay-a', 300);
    expect(first?.id).toBe(created.id);
    expect(await jobs.claimNext('replay-b', 300)).toBeUndefined();
    const pending = await jobs.pendingItems(created.id, 2);
    expect(
      await jobs.recordOutcomes(created.id, 'replay-a', [
        { seq: pending[0]!.seq, outcome: 'sent' },
        { seq: pending[1]!.seq, outcome: 'already-delivered', detail: 'done' },
      ]),
    ).toBe(true);

    // replay-a stops renewing (a crash); replay-b takes over after the lease.
    let taken: Awaited<ReturnType<typeof jobs.claimNext>>;
    for (const deadline = Date.now() + 10_000; !taken && Date.now() < deadline; await sleep(50))
      taken = await jobs.claimNext('replay-b', 60_000);
    expect(taken).toMatchObject({ id: created.id, state: 'running', sent: 1, alreadyDelivered: 1 });
    expect((await jobs.pendingItems(created.id, 10)).map((item) => item.seq)).toEqual([3, 4]);
    // The old owner's late writes change nothing.
    expect(await jobs.recordOutcomes(created.id, 'replay-a', [{ seq: 3, outcome: 'sent' }])).toBe(
      false,
    );
    expect(await jobs.renewLease(created.id, 'replay-a', 60_000)).toBe(false);
    expect(
      await jobs.recordOutcomes(created.id, 'replay-b', [
        { seq: 3, outcome: 'sent' },
        { seq: 4, outcome: 'failed', detail: 'not sent' },
        { seq: 3, outcome: 'sent' },
      ]),
    ).toBe(true);
    await jobs.finish(created.id, 'replay-b', 'completed');
    expect(await jobs.find(created.id)).toMatchObject({
      state: 'completed',
      total: 4,
      sent: 2,
      alreadyDelivered: 1,
      failed: 1,
    });
  });

  it('cancels what has not ended, and the running owner can no longer write', async () => {
    const created = await jobs.create(job(), items(2));
    expect((await jobs.claimNext('replay-a', 60_000))?.id).toBe(created.id);
    expect((await jobs.cancel(created.id))?.state).toBe('cancelled');
    expect(await jobs.cancel(created.id)).toBeUndefined();
    expect(await jobs.recordOutcomes(created.id, 'replay-a', [{ seq: 1, outcome: 'sent' }])).toBe(
      false,
    );
    expect((await jobs.countByState())['cancelled']).toBeGreaterThanOrEqual(1);
  });

  it('lists the jobs a caller may see, newest first, a page at a time', async () => {
    await jobs.create(job({ id: 'rpl_list_globex', tenantScope: ['globex'] }), []);
    await jobs.create(job({ id: 'rpl_list_all', tenantScope: null }), []);
    const acme = await jobs.list({ visibleTo: ['acme'], limit: 100 });
    expect(acme.every((listed) => listed.tenantScope?.every((t) => t === 'acme'))).toBe(true);
    expect(acme.map((listed) => listed.id)).not.toContain('rpl_list_all');
    const everyone = await jobs.list({ visibleTo: null, limit: 2 });
    expect(everyone.map((listed) => listed.id)).toEqual(['rpl_list_all', 'rpl_list_globex']);
    const next = await jobs.list({ visibleTo: null, limit: 1, before: everyone[1]! });
    expect(next[0]?.createdAt.getTime()).toBeLessThanOrEqual(everyone[1]!.createdAt.getTime());
    expect(next[0]?.id).not.toBe('rpl_list_globex');
  });
});
