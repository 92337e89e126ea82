import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@hookline/testing';
import { DatabaseConnection } from '../database.connection.js';
import { PgDestinationRateLimiter } from '../destination-limits/destination-rate-limiter.js';
import { type ClaimRequest, type DeliveryAttemptRow } from './delivery-ledger.repository.js';
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
  describe('deliveries handled at once share statements', () => {
    /** A ledger on a pool of its own, and a count of the statements it sends. */
    const counted = async (batching = { maxBatch: 64, windowMs: 0 }) => {
      const connection = await connect();
      const statements = jest.spyOn(connection.pool(), 'query');
      return {
        ledger: new PgDeliveryLedgerRepository(connection, batching),
        statements,
        connection,
      };
    };
    const claimed = (result: { status: string }) => result.status === 'claimed';
    const stateOf = async (requests: ClaimRequest[]) =>
      (await connections[0]!.get().query(
        `SELECT idempotency_key, state, failures, skipped, last_error FROM delivery_ledger
          WHERE idempotency_key = ANY($1) ORDER BY idempotency_key`,
        [requests.map((one) => one.idempotencyKey)],
      )) as {
        idempotency_key: string;
        state: string;
        failures: number;
        skipped: number;
        last_error: string | null;
      }[];

    it('claims 50 distinct effects in one statement, each caller with its own token and webhook-id', async () => {
      const { ledger: batched, statements } = await counted();
      const requests = Array.from({ length: 50 }, () => request({ destinationId: 'fan' }));
      const results = await Promise.all(requests.map((one) => batched.claim(one)));
      expect(statements).toHaveBeenCalledTimes(1);
      expect(results.every(claimed)).toBe(true);
      results.forEach((result, index) =>
        expect(result).toMatchObject({ webhookId: requests[index]!.deliveryId, claims: 1 }),
      );
      const tokens = results.map((result) => (result.status === 'claimed' ? result.token : ''));
      expect(new Set(tokens).size).toBe(50);

      // Completed and released at once: one statement each, each effect as its caller said.
      statements.mockClear();
      await Promise.all(
        requests.map((one, index) => {
          const token = tokens[index]!;
          if (index % 2 === 0) return batched.complete(one, token);
          return batched.release(one, token, { reason: `fan answered 503 (${index})` });
        }),
      );
      expect(statements).toHaveBeenCalledTimes(2);
      const rows = await stateOf(requests);
      for (const [index, one] of requests.entries())
        expect(rows.find((row) => row.idempotency_key === one.idempotencyKey)).toMatchObject(
          index % 2 === 0
            ? { state: 'done', failures: 0, last_error: null }
            : { state: 'released', failures: 1, last_error: `fan answered 503 (${index})` },
        );
    });

    it('lets exactly one of 50 concurrent claims of one effect win, across two executors', async () => {
      const [a, b] = [await counted(), await counted()];
      const first = request();
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, index) =>
          (index % 2 ? a : b).ledger.claim({ ...first, deliveryId: `dlv_concurrent_${index}` }),
        ),
      );
      expect(results.filter(claimed)).toHaveLength(1);
      expect(results.filter((result) => result.status === 'busy')).toHaveLength(49);
      // Distinct effects claimed beside it, all at once, each won once.
      const others = Array.from({ length: 10 }, () => request());
      const mixed = await Promise.all(
        others.flatMap((one) => [a.ledger.claim(one), b.ledger.claim(one), a.ledger.claim(one)]),
      );
      for (let effect = 0; effect < others.length; effect++)
        expect(mixed.slice(effect * 3, effect * 3 + 3).filter(claimed)).toHaveLength(1);
    });

    it('answers done to every claim of a done effect in one batch, counting each skip', async () => {
      const { ledger: batched } = await counted();
      const first = request();
      const claim = await batched.claim(first);
      if (claim.status !== 'claimed') throw new Error('unreachable');
      await batched.complete(first, claim.token);
      const fresh = request();
      const results = await Promise.all([
        batched.claim({ ...first, deliveryId: 'dlv_again_1' }),
        batched.claim(fresh),
        batched.claim({ ...first, deliveryId: 'dlv_again_2' }),
        batched.claim({ ...first, deliveryId: 'dlv_again_3' }),
      ]);
      expect(results.map((result) => result.status)).toEqual(['done', 'claimed', 'done', 'done']);
      expect(results[0]).toMatchObject({ webhookId: first.deliveryId });
      const [row] = await stateOf([first]);
      expect(row?.skipped).toBe(3);
    });

    it("gives a forced claim and a replay's fresh start their own flags inside a shared statement", async () => {
      const { ledger: batched, statements } = await counted();
      const done = request();
      const failed = request();
      const plain = request();
      for (const one of [done, failed]) {
        const claim = await batched.claim(one);
        if (claim.status !== 'claimed') throw new Error('unreachable');
        if (one === done) await batched.complete(one, claim.token);
        else
          await batched.release(one, claim.token, {
            reason: 'timed out',
            retryNotBefore: new Date(Date.now() + 60_000),
          });
      }
      statements.mockClear();
      const results = await Promise.all([
        batched.claim({ ...done, force: true, forceId: 'rpl_batch:1' }),
        batched.claim({ ...failed, freshStart: true }),
        batched.claim(plain),
        batched.claim({ ...failed, deliveryId: 'dlv_not_fresh' }),
      ]);
      expect(results[0]).toMatchObject({ status: 'claimed', claims: 2 });
      expect(results[1]).toMatchObject({ status: 'claimed', failures: 0 });
      expect(results[2]).toMatchObject({ status: 'claimed', failures: 0 });
      // The second claim of `failed` comes after the first, which holds it now.
      expect(results[3]).toMatchObject({ status: 'busy', failures: 0 });
      // Without its flags, the same effects stay as they were.
      const unforced = request();
      expect(await batched.claim({ ...done, deliveryId: 'dlv_unforced' })).toMatchObject({
        status: 'busy',
      });
      expect(await batched.claim(unforced)).toMatchObject({ status: 'claimed' });
    });

    it('never deadlocks two executors completing the same effects in opposite orders', async () => {
      const [a, b] = [await counted(), await counted()];
      const requests = Array.from({ length: 40 }, () => request({ destinationId: 'crossed' }));
      for (let round = 0; round < 5; round++) {
        const claims = await Promise.all(
          requests.map((one) => a.ledger.claim({ ...one, force: true })),
        );
        const tokens = claims.map((claim) => (claim.status === 'claimed' ? claim.token : ''));
        await Promise.all([
          ...requests.map((one, index) => a.ledger.complete(one, tokens[index]!)),
          ...[...requests].reverse().map((one) => b.ledger.complete(one, 'stale')),
          ...requests.map((one, index) => b.ledger.release(one, tokens[index]!)),
        ]);
      }
      expect((await stateOf(requests)).every((row) => row.state === 'done')).toBe(true);
    });

    it('records the attempts of many deliveries in one statement', async () => {
      const { ledger: batched, statements } = await counted();
      const row = (index: number): DeliveryAttemptRow => ({
        tenantId: 'acme',
        eventId: 'evt_batched_attempts',
        destinationId: 'orders',
        idempotencyKey: `k_${index}`,
        deliveryId: `dlv_${index}`,
        webhookId: index % 2 ? `dlv_${index}` : null,
        attempt: index + 1,
        outcome: index % 2 ? 'delivered' : 'transient',
        status: index % 2 ? 204 : null,
        durationMs: index + 0.4,
        errorClass: index % 2 ? null : 'Timeout',
        reason: `reason ${index}`,
        responseSnippet: index % 2 ? null : 'busy',
        executor: 'executor-1',
        startedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, index)),
      });
      await Promise.all(
        Array.from({ length: 30 }, (_, index) => batched.recordAttempt(row(index))),
      );
      expect(statements).toHaveBeenCalledTimes(1);
      const attempts = await ledger.attemptsOf('acme', 'evt_batched_attempts');
      expect(attempts).toEqual(
        Array.from({ length: 30 }, (_, index) => ({ ...row(index), durationMs: index })),
      );
    });

    it('fails only the delivery whose attempt row the database refuses, not its batch', async () => {
      const { ledger: batched, statements } = await counted();
      const good = (index: number): DeliveryAttemptRow => ({
        tenantId: 'acme',
        eventId: 'evt_failing_batch',
        destinationId: 'orders',
        idempotencyKey: `k_${index}`,
        deliveryId: `dlv_${index}`,
        webhookId: null,
        attempt: 1,
        outcome: 'transient',
        status: null,
        durationMs: 1,
        errorClass: null,
        reason: 'answered 503',
        responseSnippet: null,
        executor: 'executor-1',
        startedAt: new Date(),
      });
      // A destination's answer with a NUL byte: PostgreSQL's text refuses it.
      const broken = { ...good(1), responseSnippet: 'bin\u0000ary' };
      const results = await Promise.allSettled([
        batched.recordAttempt(good(0)),
        batched.recordAttempt(broken),
        batched.recordAttempt(good(2)),
      ]);
      expect(results.map((result) => result.status)).toEqual([
        'fulfilled',
        'rejected',
        'fulfilled',
      ]);
      expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/0x00/);
      // The batch, then each of its rows alone.
      expect(statements).toHaveBeenCalledTimes(4);
      const attempts = await ledger.attemptsOf('acme', 'evt_failing_batch');
      expect(attempts.map((attempt) => attempt.idempotencyKey)).toEqual(['k_0', 'k_2']);
    });

    it("keeps what a batch's first claim of an effect won when the second is refused", async () => {
      const { ledger: batched } = await counted();
      const first = request();
      const [won, refused] = await Promise.allSettled([
        batched.claim(first),
        batched.claim({ ...first, deliveryId: 'dlv_second', tenantId: 'ac\u0000me' }),
      ]);
      expect(won).toMatchObject({ status: 'fulfilled', value: { status: 'claimed' } });
      expect(refused?.status).toBe('rejected');
      // The claim it won holds, and its token completes it.
      expect(await batched.claim(first)).toMatchObject({ status: 'busy' });
      if (won?.status !== 'fulfilled' || won.value.status !== 'claimed')
        throw new Error('unreachable');
      await batched.complete(first, won.value.token);
      expect(await batched.claim(first)).toMatchObject({ status: 'done' });
    });

    describe('under a destination in-flight limit', () => {
      /** Claims made and results counted for one destination. */
      const statuses = (results: { status: string }[]) =>
        results.reduce<Record<string, number>>(
          (counts, result) => ({ ...counts, [result.status]: (counts[result.status] ?? 0) + 1 }),
          {},
        );
      const inFlight = async (destinationId: string) => {
        const [row] = (await connections[0]!.get().query(
          `SELECT count(*)::int AS n FROM delivery_ledger
            WHERE destination_id = $1 AND state = 'claimed' AND lease_until > now()`,
          [destinationId],
        )) as { n: number }[];
        return row!.n;
      };

      it('claims as many as the limit leaves room for in one transaction, the others saturated', async () => {
        const { ledger: batched, statements, connection } = await counted();
        const connects = jest.spyOn(connection.pool(), 'connect');
        const requests = Array.from({ length: 20 }, () =>
          request({ destinationId: 'limited-batch', maxInFlight: 5 }),
        );
        const results = await Promise.all(requests.map((one) => batched.claim(one)));
        expect(statuses(results)).toEqual({ claimed: 5, saturated: 15 });
        // The first five asked, each with its own token and webhook-id.
        results.slice(0, 5).forEach((result, index) =>
          expect(result).toMatchObject({
            status: 'claimed',
            webhookId: requests[index]!.deliveryId,
          }),
        );
        // One transaction on one connection; nothing on the pool beside it.
        expect(connects).toHaveBeenCalledTimes(1);
        expect(statements).not.toHaveBeenCalled();
        expect(await inFlight('limited-batch')).toBe(5);

        // Two completed: the next turn's claims take exactly the two slots.
        for (const index of [0, 1]) {
          const won = results[index]!;
          if (won.status !== 'claimed') throw new Error('unreachable');
          await batched.complete(requests[index]!, won.token);
        }
        const next = await Promise.all(requests.slice(5).map((one) => batched.claim(one)));
        expect(statuses(next)).toEqual({ claimed: 2, saturated: 13 });
        expect(await inFlight('limited-batch')).toBe(5);
      });

      it('never claims above the limit in total with two executors claiming at once', async () => {
        const [a, b] = [await counted(), await counted()];
        const requests = Array.from({ length: 60 }, () =>
          request({ destinationId: 'limited-two', maxInFlight: 7 }),
        );
        for (let wave = 0; wave < 3; wave++) {
          const results = await Promise.all(
            requests.map((one, index) => (index % 2 ? a : b).ledger.claim(one)),
          );
          const claimedNow = results.filter(claimed).length;
          // Each wave frees three slots of the seven by completing three claims.
          expect(claimedNow).toBe(wave === 0 ? 7 : 3);
          expect(await inFlight('limited-two')).toBe(7);
          let freed = 0;
          for (const [index, result] of results.entries())
            if (result.status === 'claimed' && freed < 3) {
              freed++;
              await a.ledger.complete(requests[index]!, result.token);
            }
        }
      });

      it('answers done for a done effect even when saturated, counting each skip; a forced one is saturated', async () => {
        const { ledger: batched } = await counted();
        const limited = (overrides: Partial<ClaimRequest> = {}) =>
          request({ destinationId: 'limited-done', maxInFlight: 2, ...overrides });
        const done = limited();
        const first = await batched.claim(done);
        if (first.status !== 'claimed') throw new Error('unreachable');
        await batched.complete(done, first.token);
        const [one, two] = [limited(), limited()];
        const fill = await Promise.all([batched.claim(one), batched.claim(two)]);
        expect(fill.every(claimed)).toBe(true);

        const results = await Promise.all([
          batched.claim({ ...done, deliveryId: 'dlv_done_1' }),
          batched.claim(limited()),
          batched.claim({ ...done, deliveryId: 'dlv_done_2' }),
          batched.claim({ ...done, force: true, forceId: 'rpl_saturated:1' }),
        ]);
        expect(results.map((result) => result.status)).toEqual([
          'done',
          'saturated',
          'done',
          'saturated',
        ]);
        expect(results[0]).toMatchObject({ webhookId: done.deliveryId });
        const [row] = await stateOf([done]);
        expect(row).toMatchObject({ state: 'done', skipped: 2 });
      });

      it('gives the slot of a claim that does not win (busy, done) to the next claim', async () => {
        const { ledger: batched } = await counted();
        const limited = (overrides: Partial<ClaimRequest> = {}) =>
          request({ destinationId: 'limited-busy', maxInFlight: 2, ...overrides });
        const waiting = limited();
        const held = await batched.claim(waiting);
        if (held.status !== 'claimed') throw new Error('unreachable');
        await batched.release(waiting, held.token, {
          reason: 'timed out',
          retryNotBefore: new Date(Date.now() + 60_000),
        });
        const done = limited();
        const won = await batched.claim(done);
        if (won.status !== 'claimed') throw new Error('unreachable');
        await batched.complete(done, won.token);

        const fresh = [limited(), limited(), limited()];
        const results = await Promise.all([
          batched.claim(waiting),
          batched.claim(done),
          batched.claim(fresh[0]!),
          batched.claim({ ...fresh[0]!, deliveryId: 'dlv_same_effect' }),
          batched.claim(fresh[1]!),
          batched.claim(fresh[2]!),
        ]);
        expect(results.map((result) => result.status)).toEqual([
          'busy',
          'done',
          'claimed',
          'busy',
          'claimed',
          'saturated',
        ]);
      });

      it('fails only the claims of a failed transaction; another destination claims beside it', async () => {
        const { ledger: batched } = await counted();
        const good = request({ destinationId: 'limited-failing', maxInFlight: 5 });
        const other = request({ destinationId: 'limited-beside', maxInFlight: 5 });
        const results = await Promise.allSettled([
          batched.claim(good),
          batched.claim(
            request({ destinationId: 'limited-failing', maxInFlight: 5, tenantId: 'ac\u0000me' }),
          ),
          batched.claim(other),
        ]);
        expect(results.map((result) => result.status)).toEqual([
          'rejected',
          'rejected',
          'fulfilled',
        ]);
        expect(results[2]).toMatchObject({ value: { status: 'claimed' } });
        // Nothing of the failed transaction holds: the good effect is claimed afresh.
        expect(await batched.claim(good)).toMatchObject({ status: 'claimed', claims: 1 });
      });

      it("does not hold a destination's claims behind another destination's lock", async () => {
        const { ledger: batched } = await counted();
        // Another executor's transaction holds the lock of one destination.
        const holder = await connections[0]!.pool().connect();
        try {
          await holder.query('BEGIN');
          await holder.query(
            `SELECT pg_advisory_xact_lock(hashtext('hookline:destination:' || $1))`,
            ['limited-locked'],
          );
          let lockedSettled = false;
          const locked = batched
            .claim(request({ destinationId: 'limited-locked', maxInFlight: 3 }))
            .finally(() => (lockedSettled = true));
          const free = await batched.claim(
            request({ destinationId: 'limited-free', maxInFlight: 3 }),
          );
          expect(free).toMatchObject({ status: 'claimed' });
          expect(lockedSettled).toBe(false);
          await holder.query('COMMIT');
          expect(await locked).toMatchObject({ status: 'claimed' });
        } finally {
          holder.release();
        }
      });
    });

    it('fails every claim of a refused claim statement, and takes none of their effects', async () => {
      const { ledger: batched } = await counted();
      const good = request();
      const results = await Promise.allSettled([
        batched.claim(good),
        batched.claim(request({ tenantId: 'ac\u0000me' })),
      ]);
      expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
      // Nothing was claimed: the good effect is claimed at once when asked again.
      expect(await batched.claim(good)).toMatchObject({ status: 'claimed', claims: 1 });
    });
  });
});
