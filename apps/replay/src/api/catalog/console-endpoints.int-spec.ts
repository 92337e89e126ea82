import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  type OperatorApiFixture,
  startOperatorApi,
  TEST_TOKENS,
} from '../testing/operator-api.fixture.js';

describe('the console’s endpoints: overview, sources, routes, destinations (real PostgreSQL)', () => {
  let api: OperatorApiFixture;

  beforeAll(async () => {
    api = await startOperatorApi();
  }, 180_000);

  afterAll(async () => {
    await api?.close();
  });

  it('lists only the token’s tenants’ sources, routes and destinations; none without a token', async () => {
    const sources = await api.call('GET', '/api/v1/sources', TEST_TOKENS.acmeViewer);
    expect(sources.status).toBe(200);
    expect(sources.body['items']).toEqual([
      expect.objectContaining({
        tenantId: 'acme',
        id: 'acme-stripe',
        provider: 'stripe',
        webhookUrl: expect.stringMatching(/\/webhooks\/acme-stripe$/),
        lastReceived: [],
      }),
    ]);
    const routes = await api.call('GET', '/api/v1/routes', TEST_TOKENS.globexViewer);
    expect(routes.body['items']).toEqual([
      {
        tenantId: 'globex',
        id: 'billing',
        eventTypes: ['billing.*'],
        filter: null,
        transform: false,
        destination: 'globex-orders',
      },
    ]);
    const all = await api.call('GET', '/api/v1/destinations/health', TEST_TOKENS.allAdmin);
    expect((all.body['items'] as { id: string }[]).map((item) => item.id)).toEqual([
      'acme-orders',
      'globex-orders',
    ]);
    expect((await api.call('GET', '/api/v1/routes')).status).toBe(401);
  });

  it('disables and enables a destination for operators; viewers get 403, other tenants 404', async () => {
    const viewer = await api.call(
      'POST',
      '/api/v1/destinations/acme-orders/disable',
      TEST_TOKENS.acmeViewer,
    );
    expect(viewer.status).toBe(403);
    const foreign = await api.call(
      'POST',
      '/api/v1/destinations/globex-orders/disable',
      TEST_TOKENS.acmeOperator,
    );
    expect(foreign.status).toBe(404);

    const disabled = await api.call(
      'POST',
      '/api/v1/destinations/acme-orders/disable',
      TEST_TOKENS.acmeOperator,
    );
    expect(disabled.status).toBe(200);
    const listed = await api.call('GET', '/api/v1/destinations/health', TEST_TOKENS.acmeOperator);
    expect(listed.body['items']).toEqual([
      expect.objectContaining({
        id: 'acme-orders',
        state: 'disabled',
        disabledWhy: 'disabled by acme-operator',
        target: 'https://orders.example.com/hooks',
      }),
    ]);
    const overview = await api.call('GET', '/api/v1/overview', TEST_TOKENS.acmeViewer);
    expect(overview.status).toBe(200);
    expect(overview.body['disabledDestinations']).toEqual(['acme-orders']);
    const other = await api.call('GET', '/api/v1/overview', TEST_TOKENS.globexViewer);
    expect(other.body['disabledDestinations']).toEqual([]);

    const enabled = await api.call(
      'POST',
      '/api/v1/destinations/acme-orders/enable',
      TEST_TOKENS.acmeOperator,
    );
    expect(enabled).toMatchObject({ status: 200, body: { republished: 0 } });
    const after = await api.call('GET', '/api/v1/destinations/health', TEST_TOKENS.acmeOperator);
    expect(after.body['items']).toEqual([expect.objectContaining({ state: 'healthy' })]);
  });

  it('the overview counts dead letters of the token’s tenants only', async () => {
    await api.db.query(
      `INSERT INTO dead_letters (topic, partition, "offset", record_timestamp, tenant_id, headers, original_topic,
         original_partition, original_offset, attempts, error_class, error_message, error_stage)
       VALUES ('t.dlt', 0, 901, now(), 'acme', '{}', 't', 0, 1, 3, 'transient', 'answered 503', 'executor'),
              ('t.dlt', 0, 902, now(), 'globex', '{}', 't', 0, 2, 3, 'permanent', 'answered 400', 'executor')`,
    );
    const acme = await api.call('GET', '/api/v1/overview', TEST_TOKENS.acmeViewer);
    expect(acme.body['deadLetters']).toMatchObject({
      total: 1,
      lastHour: 1,
      byReason: [{ key: 'transient', count: 1 }],
    });
    const all = await api.call('GET', '/api/v1/overview', TEST_TOKENS.allAdmin);
    expect(all.body['deadLetters']).toMatchObject({ total: 2 });
  });
});
