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

  it('keeps tenants apart', async () => {
    expect(await claims.claim([{ ...claim('k-shared', 'raw_t1'), tenantId: 'one' }])).toEqual([
      'claimed',
    ]);
    expect(await claims.claim([{ ...claim('k-shared', 'raw_t2'), tenantId: 'two' }])).toEqual([
      'claimed',
    ]);
  });
});
