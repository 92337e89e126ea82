import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  startOperatorApi,
  TEST_TOKENS,
  type OperatorApiFixture,
} from './testing/operator-api.fixture.js';
import { seedTenants, type SeededTenant } from './testing/operator-api.seed.js';

type Role = 'viewer' | 'operator' | 'admin';
type Caller = { name: string; token?: string; role?: Role; tenants: string[] | '*' };

const CALLERS: Caller[] = [
  { name: 'no token', tenants: [] },
  { name: 'acme viewer', token: TEST_TOKENS.acmeViewer, role: 'viewer', tenants: ['acme'] },
  { name: 'acme operator', token: TEST_TOKENS.acmeOperator, role: 'operator', tenants: ['acme'] },
  { name: 'acme admin', token: TEST_TOKENS.acmeAdmin, role: 'admin', tenants: ['acme'] },
  { name: 'globex viewer', token: TEST_TOKENS.globexViewer, role: 'viewer', tenants: ['globex'] },
  { name: 'all-tenant admin', token: TEST_TOKENS.allAdmin, role: 'admin', tenants: '*' },
];

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

/** One route: how to call it about acme's objects, and what it may show. */
interface RouteCase {
  name: string;
  method: 'GET' | 'POST' | 'DELETE';
  minRole: Role;
  /** The path about acme's object (or a listing); made fresh per call where it changes things. */
  path: () => Promise<string> | string;
  body?: unknown;
  /** An object route: acme's object, so callers without acme answer 404. */
  acmeObject?: boolean;
  /** A listing: accepts `tenant` (403 outside the token's) and must not show other tenants. */
  listing?: boolean;
}

describe('operator API: every route × role × tenant scope', () => {
  let api: OperatorApiFixture;
  let seeded: Record<string, SeededTenant>;
  let acme: SeededTenant;
  let globex: SeededTenant;
  let madeTokens = 0;

  beforeAll(async () => {
    api = await startOperatorApi();
    seeded = await seedTenants(api, ['acme', 'globex']);
    acme = seeded['acme'] as SeededTenant;
    globex = seeded['globex'] as SeededTenant;
  });

  afterAll(async () => {
    await api?.close();
  });

  /** A fresh acme token for DELETE to revoke (made by the all-tenant admin). */
  const freshAcmeToken = async () => {
    const made = await api.call('POST', '/api/v1/tokens', TEST_TOKENS.allAdmin, {
      name: `doomed-${++madeTokens}`,
      role: 'viewer',
      tenants: ['acme'],
    });
    return `/api/v1/tokens/${made.body['id'] as string}`;
  };

  const ROUTES: RouteCase[] = [
    { name: 'whoami', method: 'GET', minRole: 'viewer', path: () => '/api/v1/whoami' },
    {
      name: 'events',
      method: 'GET',
      minRole: 'viewer',
      path: () => '/api/v1/events',
      listing: true,
    },
    {
      name: 'one event',
      method: 'GET',
      minRole: 'viewer',
      path: () => `/api/v1/events/${acme.rawEventId}`,
      acmeObject: true,
    },
    {
      name: 'dead letters',
      method: 'GET',
      minRole: 'viewer',
      path: () => '/api/v1/dead-letters',
      listing: true,
    },
    {
      name: 'dead-letter summary',
      method: 'GET',
      minRole: 'viewer',
      path: () => '/api/v1/dead-letters/summary?by=destination',
      listing: true,
    },
    {
      name: 'one dead letter',
      method: 'GET',
      minRole: 'viewer',
      path: () => `/api/v1/dead-letters/${acme.deadLetterId}`,
      acmeObject: true,
    },
    {
      name: 'destinations',
      method: 'GET',
      minRole: 'viewer',
      path: () => '/api/v1/destinations',
      listing: true,
    },
    { name: 'tokens', method: 'GET', minRole: 'admin', path: () => '/api/v1/tokens' },
    {
      name: 'create token',
      method: 'POST',
      minRole: 'admin',
      path: () => '/api/v1/tokens',
      body: { name: 'made-in-table', role: 'viewer', tenants: ['acme'] },
    },
    {
      name: 'revoke token',
      method: 'DELETE',
      minRole: 'admin',
      path: freshAcmeToken,
      acmeObject: true,
    },
    { name: 'audit', method: 'GET', minRole: 'admin', path: () => '/api/v1/audit' },
  ];

  const expectedStatus = (route: RouteCase, caller: Caller): number => {
    if (!caller.token || !caller.role) return 401;
    if (RANK[caller.role] < RANK[route.minRole]) return 403;
    const seesAcme = caller.tenants === '*' || caller.tenants.includes('acme');
    if (route.acmeObject && !seesAcme) return 404;
    if (route.method === 'POST') return seesAcme ? 201 : 403;
    return 200;
  };

  const cases = () => ROUTES.flatMap((route) => CALLERS.map((caller) => ({ route, caller })));

  it('answers each route for each caller as its role and tenants allow, and leaks nothing', async () => {
    const results: string[] = [];
    const expected: string[] = [];
    for (const { route, caller } of cases()) {
      const path = await route.path();
      const answer = await api.call(route.method, path, caller.token, route.body);
      const want = expectedStatus(route, caller);
      results.push(`${route.name} as ${caller.name}: ${answer.status}`);
      expected.push(`${route.name} as ${caller.name}: ${want}`);
      const text = JSON.stringify(answer.body);
      if (answer.status >= 400) {
        // An error never reveals the object it was about.
        expect(text).not.toContain('billing@');
        expect(answer.body['statusCode']).toBe(answer.status);
      }
      if (answer.status === 200 && caller.tenants !== '*') {
        const others = (['acme', 'globex'] as const).filter((t) => !caller.tenants.includes(t));
        for (const other of others) {
          const theirs = seeded[other] as SeededTenant;
          expect({
            route: route.name,
            caller: caller.name,
            leaked: text.includes(theirs.rawEventId),
          }).toEqual({
            route: route.name,
            caller: caller.name,
            leaked: false,
          });
          expect(text).not.toContain(`${other}-orders`);
        }
      }
      if (route.listing && caller.token && answer.status === 200) {
        const outside =
          caller.tenants === '*' ? undefined : caller.tenants.includes('acme') ? 'globex' : 'acme';
        if (outside) {
          const joiner = path.includes('?') ? '&' : '?';
          const refused = await api.call('GET', `${path}${joiner}tenant=${outside}`, caller.token);
          expect({ route: route.name, caller: caller.name, status: refused.status }).toEqual({
            route: route.name,
            caller: caller.name,
            status: 403,
          });
        }
      }
    }
    expect(results).toEqual(expected);
  });

  it('lists only the caller’s tenants, and a tenant filter narrows the all-tenant view', async () => {
    const acmeEvents = await api.call('GET', '/api/v1/events', TEST_TOKENS.acmeViewer);
    expect((acmeEvents.body['items'] as { tenantId: string }[]).map((e) => e.tenantId)).toEqual([
      'acme',
    ]);
    const all = await api.call('GET', '/api/v1/events', TEST_TOKENS.allAdmin);
    expect((all.body['items'] as { rawEventId: string }[]).map((e) => e.rawEventId)).toEqual([
      globex.rawEventId,
      acme.rawEventId,
    ]);
    const narrowed = await api.call(
      'GET',
      '/api/v1/dead-letters?tenant=globex',
      TEST_TOKENS.allAdmin,
    );
    expect((narrowed.body['items'] as { id: string }[]).map((d) => d.id)).toEqual([
      globex.deadLetterId,
    ]);
  });

  it('indexes each dead letter as it arrives: destination, stage, reason, raw event; filters and summary', async () => {
    const one = await api.call(
      'GET',
      `/api/v1/dead-letters/${acme.deadLetterId}`,
      TEST_TOKENS.acmeViewer,
    );
    expect(one.body).toMatchObject({
      id: acme.deadLetterId,
      tenantId: 'acme',
      stage: 'executor',
      errorClass: 'TransientError',
      errorMessage: 'acme-orders answered 503',
      destinationId: 'acme-orders',
      rawEventId: acme.rawEventId,
      eventId: acme.eventId,
      attempts: 5,
      originalPartition: 0,
      lastFailedAt: '2026-11-23T10:00:03.000Z',
      replayedAt: null,
      valueEncoding: 'utf8',
    });
    expect(JSON.parse(one.body['value'] as string)).toMatchObject({ destinationId: 'acme-orders' });
    expect((one.body['headers'] as Record<string, string>)['hookline-error-class']).toBe(
      'TransientError',
    );

    const filtered = async (query: string) =>
      (
        (await api.call('GET', `/api/v1/dead-letters?${query}`, TEST_TOKENS.allAdmin)).body[
          'items'
        ] as {
          id: string;
        }[]
      ).map((d) => d.id);
    expect(await filtered('destination=globex-orders')).toEqual([globex.deadLetterId]);
    expect(await filtered('stage=executor&errorClass=TransientError')).toEqual([
      globex.deadLetterId,
      acme.deadLetterId,
    ]);
    expect(await filtered('stage=router')).toEqual([]);
    expect(await filtered('topic=hookline.deliveries.v1')).toHaveLength(2);
    expect(await filtered('from=2026-11-23T10:01:00Z')).toEqual([globex.deadLetterId]);
    expect(await filtered('to=2026-11-23T10:01:00Z')).toEqual([acme.deadLetterId]);

    const summary = await api.call(
      'GET',
      '/api/v1/dead-letters/summary?by=destination',
      TEST_TOKENS.allAdmin,
    );
    expect(summary.body['groups']).toEqual(
      expect.arrayContaining([
        { key: 'acme-orders', count: 1 },
        { key: 'globex-orders', count: 1 },
      ]),
    );
    const byReason = await api.call(
      'GET',
      '/api/v1/dead-letters/summary?by=reason',
      TEST_TOKENS.acmeViewer,
    );
    expect(byReason.body['groups']).toEqual([{ key: 'TransientError', count: 1 }]);
  });

  it('lists the destinations of the caller’s tenants with their state', async () => {
    await api.db.query(
      `INSERT INTO destination_states (destination_id, disabled_at, disabled_why) VALUES ('globex-orders', now(), 'answered 410')`,
    );
    const all = await api.call('GET', '/api/v1/destinations', TEST_TOKENS.allAdmin);
    expect(all.body['items']).toEqual([
      expect.objectContaining({
        id: 'acme-orders',
        tenantId: 'acme',
        kind: 'http',
        state: 'healthy',
        disabled: false,
      }),
      expect.objectContaining({
        id: 'globex-orders',
        state: 'disabled',
        disabled: true,
        disabledWhy: 'answered 410',
      }),
    ]);
    const acmeOnly = await api.call('GET', '/api/v1/destinations', TEST_TOKENS.acmeViewer);
    expect((acmeOnly.body['items'] as { id: string }[]).map((d) => d.id)).toEqual(['acme-orders']);
  });

  it('pages dead letters and events with cursors, without repeats or gaps', async () => {
    for (const path of ['/api/v1/dead-letters', '/api/v1/events']) {
      const first = await api.call('GET', `${path}?limit=1`, TEST_TOKENS.allAdmin);
      const second = await api.call(
        'GET',
        `${path}?limit=1&cursor=${first.body['nextCursor'] as string}`,
        TEST_TOKENS.allAdmin,
      );
      const ids = [...(first.body['items'] as object[]), ...(second.body['items'] as object[])].map(
        (item) => JSON.stringify(item),
      );
      expect(new Set(ids).size).toBe(2);
      expect(second.body['nextCursor']).toBeNull();
    }
  });

  it.each([
    ['/api/v1/events?limit=0', 'limit: expected an integer from 1 to 200'],
    ['/api/v1/events?limit=abc', 'limit: expected an integer from 1 to 200'],
    [
      '/api/v1/events?from=yesterday',
      'from: expected an ISO 8601 time such as 2026-11-23T10:00:00Z',
    ],
    ['/api/v1/events?status=lost', 'status: expected one of received, duplicate, normalized'],
    [
      '/api/v1/events?from=2026-11-24T00:00:00Z&to=2026-11-23T00:00:00Z',
      'to: expected a time after from',
    ],
    ['/api/v1/events?colour=blue', 'Unrecognized key: "colour"'],
    ['/api/v1/events?source=a&source=b', 'source: expected one value'],
    ['/api/v1/dead-letters?cursor=!!', 'cursor: expected a cursor from a previous page'],
    ['/api/v1/dead-letters/summary', 'by: expected one of reason, stage, destination'],
    ['/api/v1/dead-letters/summary?by=colour', 'by: expected one of reason, stage, destination'],
  ])('answers 400 naming the bad filter: %s', async (path, message) => {
    const answer = await api.call('GET', path, TEST_TOKENS.acmeViewer);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(answer.body['message']).toContain(message);
  });

  it('finds events by provider event id, correlation id, type, status and source', async () => {
    const found = async (query: string) =>
      (
        (await api.call('GET', `/api/v1/events?${query}`, TEST_TOKENS.allAdmin)).body['items'] as {
          rawEventId: string;
        }[]
      ).map((e) => e.rawEventId);
    expect(await found('providerEventId=evt_acme_1')).toEqual([acme.rawEventId]);
    expect(await found(`correlationId=${globex.correlationId}`)).toEqual([globex.rawEventId]);
    expect(await found('type=billing.invoice.paid&source=acme-stripe')).toEqual([acme.rawEventId]);
    expect(await found('status=dead_lettered&provider=stripe')).toHaveLength(2);
    expect(await found('status=delivered')).toEqual([]);
    const listed = await api.call('GET', '/api/v1/events?tenant=acme', TEST_TOKENS.acmeViewer);
    expect((listed.body['items'] as object[])[0]).toEqual({
      rawEventId: acme.rawEventId,
      tenantId: 'acme',
      sourceId: 'acme-stripe',
      provider: 'stripe',
      receivedAt: '2026-11-23T10:00:00.000Z',
      correlationId: acme.correlationId,
      eventIds: [acme.eventId],
      types: ['billing.invoice.paid'],
      providerEventIds: ['evt_acme_1'],
      status: 'dead_lettered',
    });
  });

  it('reads one event’s timeline: the raw request redacted, its canonical event, every step and attempt', async () => {
    const answer = await api.call(
      'GET',
      `/api/v1/events/${acme.rawEventId}`,
      TEST_TOKENS.acmeViewer,
    );
    expect(answer.status).toBe(200);
    const raw = answer.body['raw'] as Record<string, unknown>;
    expect(raw).toMatchObject({
      id: acme.rawEventId,
      tenantId: 'acme',
      method: 'POST',
      contentType: 'application/json',
    });
    const body = JSON.parse(raw['body'] as string) as { data: { object: Record<string, unknown> } };
    // The provider's path and the source's path are both redacted; the rest is as sent.
    expect(body.data.object['customer_email']).toBe('[redacted]');
    expect(body.data.object['card']).toEqual([{ number: '[redacted]', brand: 'visa' }]);
    expect(body.data.object['amount_paid']).toBe(2500);
    const events = answer.body['events'] as { id: string; type: string; data: unknown }[];
    expect(events.map((e) => [e.id, e.type])).toEqual([[acme.eventId, 'billing.invoice.paid']]);
    expect(JSON.stringify(events)).not.toContain('billing@acme.example');
    // The event as it travels: CloudEvents attribute names, not the API's own.
    expect(events[0]).toMatchObject({
      specversion: '1.0',
      tenantid: 'acme',
      raweventid: acme.rawEventId,
      schemaversion: 1,
    });
    expect(events[0]).not.toHaveProperty('tenantId');
    const timeline = answer.body['timeline'] as { state: string; stage: string }[];
    expect(timeline.map((t) => `${t.stage}:${t.state}`)).toEqual([
      'ingest:received',
      'normalizer:normalized',
      'executor:attempt',
      'executor:dead_lettered',
    ]);
    expect(answer.body['attempts']).toEqual([
      expect.objectContaining({
        destinationId: 'acme-orders',
        status: 503,
        outcome: 'transient',
        attempt: 1,
      }),
    ]);
    // globex's source has only the provider's path.
    const theirs = await api.call(
      'GET',
      `/api/v1/events/${globex.rawEventId}`,
      TEST_TOKENS.globexViewer,
    );
    const theirBody = JSON.parse((theirs.body['raw'] as { body: string }).body) as {
      data: { object: Record<string, unknown> };
    };
    expect(theirBody.data.object['card']).toEqual([{ number: '4242424242424242', brand: 'visa' }]);
    expect(theirBody.data.object['customer_email']).toBe('[redacted]');
  });
});
