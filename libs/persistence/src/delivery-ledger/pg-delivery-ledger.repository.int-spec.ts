import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@hookline/testing';
import { DatabaseConnection } from '../database.connection.js';
import { PgDestinationRateLimiter } from '../destination-limits/destination-rate-limiter.js';
import { type ClaimRequest } from './delivery-ledger.repository.js';
import { PgDeliveryLedgerRepository } from './pg-delivery-ledger.repository.js';

describe('the delivery ledger and destination limits in PostgreSQL', () => {
  let database: TestDatabase;
  const connections: DatabaseConnection[] = [];
  let ledger: PgDeliveryLedgerRepository;
  let otherLedger: PgDeliveryLedgerRepository;

  const connect = async () => {
    const connection = new DatabaseConnection({
      url: database.url,
      poolSize: 4,
      applicationName: 'ledger-test',
      connectTimeoutMs: 2_000,
    });
    await connection.connect();
    connections.push(connection);
    return connection;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    // Two executors: two pools on one database.
    ledger = new PgDeliveryLedgerRepository(await connect());
    otherLedger = new PgDeliveryLedgerRepository(await connect());
  });

  afterAll(async () => {
    await Promise.all(connections.map((connection) => connection.close()));
    await database.drop();
  });

  let n = 0;
  const request = (overrides: Partial<ClaimRequest> = {}): ClaimRequest => ({
    destinationId: 'orders',
    idempotencyKey: `stripe:invoice.paid:evt_${++n}`,
    tenantId: 'acme',
    eventId: `evt_${n}`,
    deliveryId: `dlv_${n}`,
    leaseMs: 60_000,
    force: false,
    ...overrides,
  });

  it('claims once; a done effect is skipped and counted, unless forced', async () => {
    const first = request();
    const claim = await ledger.claim(first);
    expect(claim).toMatchObject({ status: 'claimed', webhookId: first.deliveryId, claims: 1 });
    if (claim.status !== 'claimed') throw new Error('unreachable');
    await ledger.complete(first, claim.token);

    // The same effect from another delivery (a second route, a replay) on another executor.
    const again = { ...first, deliveryId: 'dlv_other' };
    expect(await otherLedger.claim(again)).toMatchObject({
      status: 'done',
      webhookId: first.deliveryId,
    });
    expect(await otherLedger.claim(again)).toMatchObject({ status: 'done' });
    const [row] = (await connections[0]!
      .get()
      .query(`SELECT skipped FROM delivery_ledger WHERE idempotency_key = $1`, [
        first.idempotencyKey,
      ])) as { skipped: number }[];
    expect(row?.skipped).toBe(2);

    // Forced, it is claimed again, still with the first webhook-id.
    expect(await otherLedger.claim({ ...again, force: true })).toMatchObject({
      status: 'claimed',
      webhookId: first.deliveryId,
      claims: 2,
    });
  });

  it('forces a done effect once per force id, and says which effects are done', async () => {
    const first = request();
    const one = await ledger.claim(first);
    if (one.status !== 'claimed') throw new Error('unreachable');
    await ledger.complete(first, one.token);
    const forced = { ...first, force: true, forceId: 'rpl_1:1' };
    const two = await otherLedger.claim(forced);
    expect(two).toMatchObject({ status: 'claimed', webhookId: first.deliveryId });
    if (two.status !== 'claimed') throw new Error('unreachable');
    await otherLedger.complete(forced, two.token);
    // The same forced record again (redelivered, or re-sent by a resumed replay): a no-op.
    expect(await ledger.claim(forced)).toMatchObject({ status: 'done' });
    // Another forced replay of the effect forces again.
    expect(await ledger.claim({ ...forced, forceId: 'rpl_2:1' })).toMatchObject({
      status: 'claimed',
    });
    const pending = request();
    expect(await ledger.doneAmong([first, pending])).toEqual([]);
    const three = await ledger.claim(pending);
    if (three.status !== 'claimed') throw new Error('unreachable');
    await ledger.complete(pending, three.token);
    expect(await ledger.doneAmong([first, pending])).toEqual([
      { destinationId: pending.destinationId, idempotencyKey: pending.idempotencyKey },
    ]);
  });

  it('never lets two executors hold one claim; an expired lease is taken over with the same webhook-id', async () => {
    const first = request({ leaseMs: 300 });
    const [a, b] = await Promise.all([ledger.claim(first), otherLedger.claim(first)]);
    expect([a.status, b.status].sort()).toEqual(['busy', 'claimed']);
    const busy = a.status === 'busy' ? a : b;
    if (busy.status !== 'busy') throw new Error('unreachable');
    expect(busy.leaseUntil.getTime()).toBeGreaterThan(Date.now() - 1_000);

    // The holder "crashes"; once the lease is over, the other takes over.
    for (const deadline = Date.now() + 5_000; Date.now() < deadline;) {
      const takeover = await otherLedger.claim({ ...first, deliveryId: 'dlv_redelivered' });
      if (takeover.status === 'busy') {
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      expect(takeover).toMatchObject({ status: 'claimed', webhookId: first.deliveryId, claims: 2 });
      return;
    }
    throw new Error('the expired claim was never taken over');
  });

  it('counts failed attempts across releases, and a released claim is claimed again', async () => {
    const first = request();
    const one = await ledger.claim(first);
    if (one.status !== 'claimed') throw new Error('unreachable');
    await ledger.release(first, one.token, { reason: 'orders answered 503' });
    const two = await otherLedger.claim(first);
    expect(two).toMatchObject({
      status: 'claimed',
      failures: 1,
      claims: 2,
      lastError: 'orders answered 503',
    });
    if (two.status !== 'claimed') throw new Error('unreachable');
    // A stale token (the first holder, late) changes nothing.
    await ledger.release(first, one.token, { reason: 'late' });
    expect(await ledger.claim(first)).toMatchObject({ status: 'busy', failures: 1 });
  });

  it('lets a replay start a failed effect afresh: its failures and retry delay no longer count', async () => {
    const first = request();
    for (let failure = 0; failure < 2; failure++) {
      const claim = await ledger.claim(first);
      if (claim.status !== 'claimed') throw new Error(`unreachable: ${claim.status}`);
      await ledger.release(first, claim.token, { reason: 'orders answered 503' });
    }
    const held = await ledger.claim(first);
    if (held.status !== 'claimed') throw new Error('unreachable');
    await ledger.release(first, held.token, {
      reason: 'timed out',
      retryNotBefore: new Date(Date.now() + 60_000),
    });
    expect(await ledger.claim(first)).toMatchObject({ status: 'busy', failures: 3 });
    expect(await otherLedger.claim({ ...first, freshStart: true })).toMatchObject({
      status: 'claimed',
      failures: 0,
    });
  });

  it('holds a failed effect back until its retry is due', async () => {
    const first = request();
    const one = await ledger.claim(first);
    if (one.status !== 'claimed') throw new Error('unreachable');
    const due = new Date(Date.now() + 60_000);
    await ledger.release(first, one.token, { reason: 'timed out', retryNotBefore: due });
    const early = await otherLedger.claim(first);
    expect(early).toMatchObject({ status: 'busy', failures: 1 });
    if (early.status !== 'busy') throw new Error('unreachable');
    expect(Math.abs(early.leaseUntil.getTime() - due.getTime())).toBeLessThan(1_000);
  });

  it('holds the in-flight limit across executors claiming at once', async () => {
    const requests = Array.from({ length: 12 }, () =>
      request({ destinationId: 'limited', maxInFlight: 3 }),
    );
    const results = await Promise.all(
      requests.map((claim, index) => (index % 2 ? ledger : otherLedger).claim(claim)),
    );
    expect(results.filter((result) => result.status === 'claimed')).toHaveLength(3);
    expect(results.filter((result) => result.status === 'saturated')).toHaveLength(9);
    // Completing one frees a slot.
    const index = results.findIndex((result) => result.status === 'claimed');
    const won = results[index]!;
    if (won.status !== 'claimed') throw new Error('unreachable');
    await ledger.complete(requests[index]!, won.token);
    const waiting = requests[results.findIndex((result) => result.status === 'saturated')]!;
    expect(await otherLedger.claim(waiting)).toMatchObject({ status: 'claimed' });
  });

  it('records attempts for the timeline', async () => {
    const base = {
      tenantId: 'acme',
      eventId: 'evt_timeline',
      destinationId: 'orders',
      idempotencyKey: 'k',
      deliveryId: 'dlv_t',
      webhookId: 'dlv_t',
      status: 503,
      durationMs: 12.4,
      errorClass: 'HttpStatus',
      responseSnippet: 'busy',
      executor: 'executor-1',
    };
    await ledger.recordAttempt({
      ...base,
      attempt: 1,
      outcome: 'transient',
      reason: 'answered 503',
      startedAt: new Date(Date.now() - 1_000),
    });
    await ledger.recordAttempt({
      ...base,
      attempt: 2,
      outcome: 'delivered',
      status: 204,
      errorClass: null,
      responseSnippet: null,
      reason: 'answered 204',
      startedAt: new Date(),
    });
    const attempts = await otherLedger.attemptsOf('acme', 'evt_timeline');
    expect(attempts.map((attempt) => [attempt.attempt, attempt.outcome, attempt.status])).toEqual([
      [1, 'transient', 503],
      [2, 'delivered', 204],
    ]);
    expect(attempts[0]).toMatchObject({ durationMs: 12, responseSnippet: 'busy' });
  });

  it('shares one rate between executors', async () => {
    const limiters = [
      new PgDestinationRateLimiter(connections[0]!),
      new PgDestinationRateLimiter(connections[1]!),
    ];
    // 50/s: windows of 100 ms holding 5 requests; all twenty tries fall in the first.
    const decisions = await Promise.all(
      Array.from({ length: 20 }, (_, index) => limiters[index % 2]!.take('metered', 50)),
    );
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(5);
    const refused = decisions.find((decision) => !decision.allowed)!;
    expect(refused.retryInMs).toBeGreaterThan(0);
    expect(refused.retryInMs).toBeLessThanOrEqual(100);
  });
});
