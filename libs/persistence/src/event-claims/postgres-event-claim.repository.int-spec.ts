import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@hookline/testing';
import { DatabaseConnection } from '../database.connection.js';
import { PostgresEventClaimRepository } from './postgres-event-claim.repository.js';

describe('PostgresEventClaimRepository on a real PostgreSQL', () => {
  let database: TestDatabase;
  let connection: DatabaseConnection;
  let claims: PostgresEventClaimRepository;
  const claim = (
    idempotencyKey: string,
    rawEventId: string,
    eventId = `evt_${rawEventId}_${idempotencyKey}`,
  ) => ({
    tenantId: 'acme',
    idempotencyKey,
    eventId,
    rawEventId,
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    connection = new DatabaseConnection({
      url: database.url,
      poolSize: 2,
      applicationName: 'test',
      connectTimeoutMs: 2_000,
    });
    await connection.connect();
    claims = new PostgresEventClaimRepository(connection);
  });

  afterAll(async () => {
    await connection?.close();
    await database?.drop();
  });

  it('claims a new key, drops it from another raw webhook, and counts the duplicate', async () => {
    expect(await claims.claim([claim('stripe:invoice.paid:evt_1', 'raw_1')])).toEqual(['claimed']);
    expect(await claims.claim([claim('stripe:invoice.paid:evt_1', 'raw_2')])).toEqual([
      'duplicate',
    ]);
    expect(await claims.claim([claim('stripe:invoice.paid:evt_1', 'raw_3')])).toEqual([
      'duplicate',
    ]);
    expect(
      await connection
        .get()
        .query(
          `SELECT raw_event_id, duplicates, last_duplicate_raw_event_id FROM event_claims WHERE idempotency_key = 'stripe:invoice.paid:evt_1'`,
        ),
    ).toEqual([{ raw_event_id: 'raw_1', duplicates: 2, last_duplicate_raw_event_id: 'raw_3' }]);
  });

  it('claims again for the same raw webhook, so a redelivered record is published again', async () => {
    expect(await claims.claim([claim('k-redelivered', 'raw_9')])).toEqual(['claimed']);
    expect(await claims.claim([claim('k-redelivered', 'raw_9')])).toEqual(['claimed']);
  });

  it('answers per item of a batch, in order, including a key repeated inside the batch', async () => {
    await claims.claim([claim('k-old', 'raw_a')]);
    expect(
      await claims.claim([
        claim('k-new-1', 'raw_b'),
        claim('k-old', 'raw_b'),
        claim('k-new-2', 'raw_b'),
        claim('k-new-1', 'raw_b', 'evt_other'),
      ]),
    ).toEqual(['claimed', 'duplicate', 'claimed', 'duplicate']);
  });

  it('makes concurrent calls one statement, each answered for its own claims', async () => {
    const statements: string[] = [];
    const dataSource = connection.get();
    const counting = {
      prepared: (name: string, sql: string, parameters: unknown[]) => {
        statements.push(sql);
        return connection.prepared(name, sql, parameters);
      },
    } as unknown as DatabaseConnection;
    const coalesced = new PostgresEventClaimRepository(counting);
    await coalesced.claim([claim('k-c-old', 'raw_c0')]);
    statements.length = 0;
    const answers = await Promise.all([
      coalesced.claim([claim('k-c-1', 'raw_c1'), claim('k-c-old', 'raw_c1')]),
      coalesced.claim([claim('k-c-2', 'raw_c2')]),
      coalesced.claim([claim('k-c-old', 'raw_c0')]),
      coalesced.claim([claim('k-c-1', 'raw_c3')]),
    ]);
    expect(statements).toHaveLength(1);
    expect(answers).toEqual([['claimed', 'duplicate'], ['claimed'], ['claimed'], ['duplicate']]);
    expect(
      await dataSource.query(
        `SELECT idempotency_key, raw_event_id, duplicates, last_duplicate_raw_event_id
           FROM event_claims WHERE idempotency_key LIKE 'k-c-%' ORDER BY idempotency_key`,
      ),
    ).toEqual([
      {
        idempotency_key: 'k-c-1',
        raw_event_id: 'raw_c1',
        duplicates: 1,
        last_duplicate_raw_event_id: 'raw_c3',
      },
      {
        idempotency_key: 'k-c-2',
        raw_event_id: 'raw_c2',
        duplicates: 0,
        last_duplicate_raw_event_id: null,
      },
      {
        idempotency_key: 'k-c-old',
        raw_event_id: 'raw_c0',
        duplicates: 1,
        last_duplicate_raw_event_id: 'raw_c1',
      },
    ]);
  });

  it('claims each of many distinct keys claimed concurrently exactly once', async () => {
    const keys = Array.from({ length: 200 }, (_, index) => `k-distinct-${index}`);
    // Two raw webhooks carry every key; their claims interleave across concurrent calls.
    const answers = await Promise.all(
      keys.flatMap((key) => [
        claims.claim([claim(key, `raw_${key}_a`)]),
        claims.claim([claim(key, `raw_${key}_b`)]),
      ]),
    );
    for (let index = 0; index < keys.length; index += 1) {
      expect([answers[2 * index], answers[2 * index + 1]].flat().sort()).toEqual([
        'claimed',
        'duplicate',
      ]);
    }
    const [{ count }] = (await connection
      .get()
      .query(
        `SELECT count(*)::int AS count FROM event_claims WHERE idempotency_key LIKE 'k-distinct-%'`,
      )) as [{ count: number }];
    expect(count).toBe(keys.length);
  });

  it('claims one key once when many raw webhooks claim it at once, in one statement or many', async () => {
    // A second repository on its own connections: a second normalizer instance.
    const other = new DatabaseConnection({
      url: database.url,
      poolSize: 2,
      applicationName: 'test-other',
      connectTimeoutMs: 2_000,
    });
    await other.connect();
    try {
      const otherClaims = new PostgresEventClaimRepository(other);
      const rawIds = Array.from({ length: 40 }, (_, index) => `raw_one_${index}`);
      const answers = await Promise.all(
        rawIds.map((rawId, index) =>
          (index % 2 === 0 ? claims : otherClaims).claim([claim('k-one', rawId)]),
        ),
      );
      const claimed = rawIds.filter((_rawId, index) => answers[index]![0] === 'claimed');
      expect(claimed).toHaveLength(1);
      const rows = (await connection
        .get()
        .query(
          `SELECT raw_event_id, duplicates FROM event_claims WHERE idempotency_key = 'k-one'`,
        )) as { raw_event_id: string; duplicates: number }[];
      expect(rows).toEqual([{ raw_event_id: claimed[0], duplicates: rawIds.length - 1 }]);
      // The owner's redelivery is still claimed, beside another webhook's claim in the same call.
      expect(
        await Promise.all([
          claims.claim([claim('k-one', claimed[0]!)]),
          claims.claim([claim('k-one', 'raw_one_late')]),
        ]),
      ).toEqual([['claimed'], ['duplicate']]);
    } finally {
      await other.close();
    }
  });

  it('fails only the call whose claim PostgreSQL refuses, not the others in its statement', async () => {
    const results = await Promise.allSettled([
      claims.claim([claim('k-good-1', 'raw_g1')]),
      claims.claim([claim('k-bad-\u0000', 'raw_bad')]),
      claims.claim([claim('k-good-2', 'raw_g2')]),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(results[0]).toEqual({ status: 'fulfilled', value: ['claimed'] });
    expect(results[2]).toEqual({ status: 'fulfilled', value: ['claimed'] });
  });

  it('keeps tenants apart', async () => {
    expect(await claims.claim([{ ...claim('k-shared', 'raw_t1'), tenantId: 'one' }])).toEqual([
      'claimed',
    ]);
    expect(await claims.claim([{ ...claim('k-shared', 'raw_t2'), tenantId: 'two' }])).toEqual([
      'claimed',
    ]);
  });
});
