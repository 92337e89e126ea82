import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '@hookline/testing';
import { DatabaseConnection } from '../database.connection.js';
import { type TimelineEntryInput } from './event-timeline.repository.js';
import { PgEventTimelineRepository } from './pg-event-timeline.repository.js';

describe('PgEventTimelineRepository on a real PostgreSQL', () => {
  let database: TestDatabase;
  let connection: DatabaseConnection;
  let timeline: PgEventTimelineRepository;
  const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second));
  const entry = (overrides: Partial<TimelineEntryInput> = {}): TimelineEntryInput => ({
    rawEventId: 'raw_1',
    tenantId: 'acme',
    sourceId: 'acme-stripe',
    provider: 'stripe',
    providerEventId: 'evt_1',
    correlationId: 'corr_1',
    stage: 'ingest',
    state: 'received',
    occurredAt: at(0),
    ...overrides,
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    connection = new DatabaseConnection({
      url: database.url,
      poolSize: 2,
      applicationName: 'timeline-test',
      connectTimeoutMs: 2_000,
    });
    await connection.connect();
    timeline = new PgEventTimelineRepository(connection);
  });

  afterAll(async () => {
    await connection?.close();
    await database?.drop();
  });

  it('writes a batch in one statement and reads it back in the order things happened', async () => {
    // Appended out of order, as stages on different processes flush independently.
    await timeline.append([
      entry({
        stage: 'router',
        state: 'routed',
        eventId: 'e1',
        occurredAt: at(2),
        detail: { destinations: ['orders'] },
      }),
      entry({ state: 'received', occurredAt: at(0) }),
    ]);
    await timeline.append([
      entry({
        stage: 'normalizer',
        state: 'normalized',
        eventId: 'e1',
        occurredAt: at(1),
        detail: { type: 'billing.invoice.paid' },
      }),
      entry({
        stage: 'executor',
        state: 'attempt',
        destinationId: 'orders',
        occurredAt: at(3),
        detail: { status: 200 },
      }),
      entry({ stage: 'executor', state: 'delivered', destinationId: 'orders', occurredAt: at(3) }),
    ]);

    const entries = await timeline.forRawEvent('raw_1');
    expect(entries.map((e) => e.state)).toEqual([
      'received',
      'normalized',
      'routed',
      'attempt',
      'delivered',
    ]);
    expect(entries[1]).toMatchObject({
      rawEventId: 'raw_1',
      tenantId: 'acme',
      sourceId: 'acme-stripe',
      provider: 'stripe',
      eventId: 'e1',
      providerEventId: 'evt_1',
      correlationId: 'corr_1',
      destinationId: null,
      stage: 'normalizer',
      detail: { type: 'billing.invoice.paid' },
      occurredAt: at(1),
    });
    expect(entries[0]!.detail).toEqual({});
    expect(entries[0]!.recordedAt).toBeInstanceOf(Date);
    // Same instant: the order of the batch decides.
    expect(BigInt(entries[3]!.id)).toBeLessThan(BigInt(entries[4]!.id));
  });

  it('keeps text, details and milliseconds as given, and a large batch in order', async () => {
    const awkward = `quote " backslash \\ comma , brace { } newline \n émoji 🪝`;
    const occurred = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678));
    await timeline.append([
      entry({
        rawEventId: 'raw_awkward',
        correlationId: awkward,
        state: 'received',
        occurredAt: occurred,
        detail: { reason: awkward, nested: { list: [1, null, 'two'] }, flag: false },
      }),
    ]);
    const [read] = await timeline.forRawEvent('raw_awkward');
    expect(read).toMatchObject({
      correlationId: awkward,
      occurredAt: occurred,
      detail: { reason: awkward, nested: { list: [1, null, 'two'] }, flag: false },
    });

    const many = Array.from({ length: 1_000 }, (_, index) =>
      entry({ rawEventId: 'raw_many', state: 'attempt', occurredAt: at(9), detail: { index } }),
    );
    await timeline.append(many);
    const back = await timeline.forRawEvent('raw_many');
    expect(back.map((e) => e.detail['index'])).toEqual(many.map((_e, index) => index));
  });

  it('reads one tenant only when asked', async () => {
    await timeline.append([entry({ rawEventId: 'raw_other', tenantId: 'globex' })]);
    expect(await timeline.forRawEvent('raw_other', ['acme'])).toEqual([]);
    expect(await timeline.forRawEvent('raw_other', ['globex'])).toHaveLength(1);
    expect(await timeline.forRawEvent('raw_other', [])).toEqual([]);
  });

  it('finds raw events by provider event id and correlation id within the tenants given', async () => {
    await timeline.append([
      entry({
        rawEventId: 'raw_p1',
        providerEventId: 'evt_p',
        correlationId: 'c_p1',
        occurredAt: at(10),
      }),
      entry({
        rawEventId: 'raw_p2',
        providerEventId: 'evt_p',
        correlationId: 'c_p2',
        occurredAt: at(20),
      }),
      entry({
        rawEventId: 'raw_p3',
        tenantId: 'globex',
        providerEventId: 'evt_p',
        occurredAt: at(30),
      }),
    ]);
    expect(
      await timeline.findRawEventIds({ tenantIds: ['acme'], providerEventId: 'evt_p' }),
    ).toEqual(['raw_p2', 'raw_p1']);
    expect(await timeline.findRawEventIds({ tenantIds: '*', providerEventId: 'evt_p' })).toEqual([
      'raw_p3',
      'raw_p2',
      'raw_p1',
    ]);
    expect(await timeline.findRawEventIds({ tenantIds: '*', correlationId: 'c_p1' })).toEqual([
      'raw_p1',
    ]);
    expect(
      await timeline.findRawEventIds({
        tenantIds: '*',
        providerEventId: 'evt_p',
        from: at(15),
        to: at(25),
      }),
    ).toEqual(['raw_p2']);
    expect(
      await timeline.findRawEventIds({ tenantIds: '*', providerEventId: 'evt_p', limit: 1 }),
    ).toEqual(['raw_p3']);
    await expect(timeline.findRawEventIds({ tenantIds: '*', limit: 0 })).rejects.toThrow(/limit/);
  });

  it("answers each raw event's latest state, attempts and resends dropped at ingest aside", async () => {
    await timeline.append([
      entry({ rawEventId: 'raw_s1', state: 'received', occurredAt: at(0) }),
      entry({ rawEventId: 'raw_s1', stage: 'router', state: 'routed', occurredAt: at(1) }),
      entry({ rawEventId: 'raw_s1', stage: 'executor', state: 'attempt', occurredAt: at(2) }),
      entry({ rawEventId: 'raw_s1', stage: 'ingest', state: 'duplicate', occurredAt: at(3) }),
      entry({ rawEventId: 'raw_s2', state: 'received', occurredAt: at(0) }),
      entry({ rawEventId: 'raw_s2', stage: 'normalizer', state: 'duplicate', occurredAt: at(1) }),
    ]);
    const states = await timeline.latestStates(['raw_s1', 'raw_s2', 'raw_none']);
    expect(Object.fromEntries(states)).toEqual({ raw_s1: 'routed', raw_s2: 'duplicate' });
    expect((await timeline.latestStates(['raw_s1'], ['globex'])).size).toBe(0);
  });

  it('deletes what occurred before a cutoff, at most the limit per call', async () => {
    const old = new Date('2020-01-01T00:00:00Z');
    await timeline.append(
      Array.from({ length: 5 }, (_, i) => entry({ rawEventId: `raw_old_${i}`, occurredAt: old })),
    );
    const cutoff = new Date('2021-01-01T00:00:00Z');
    expect(await timeline.deleteOccurredBefore(cutoff, 3)).toBe(3);
    expect(await timeline.deleteOccurredBefore(cutoff, 3)).toBe(2);
    expect(await timeline.deleteOccurredBefore(cutoff, 3)).toBe(0);
    // Newer entries stay.
    expect(await timeline.forRawEvent('raw_1')).toHaveLength(5);
  });
});
