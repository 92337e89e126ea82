import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SourceHydration } from '@hookline/config';
import { ServiceMetrics } from '@hookline/observability';
import { HydrationRefused, HydrationUnavailable } from './hydration-errors.js';
import { HydrationMetrics } from './hydration-metrics.js';
import { ProviderApiClient } from './provider-api-client.js';
import { ProviderApiStandIn } from './testing/provider-api-stand-in.js';

const TOKEN = 'client-spec-token';

// The client against a local stand-in of the provider's API (no Kafka, no PostgreSQL).
describe('ProviderApiClient', () => {
  let api: ProviderApiStandIn;
  const clients: ProviderApiClient[] = [];

  function clientWith(hydrate: Record<string, unknown>) {
    const metrics = new ServiceMetrics('normalizer');
    const client = new ProviderApiClient(
      {
        provider: 'hubspot',
        sourceId: 'acme-hubspot',
        defaultApiBaseUrl: 'https://api.hubapi.com',
        hydrate: SourceHydration.parse({
          apiBaseUrl: `${api.url}/proxy/`,
          credentials: { token: TOKEN },
          retries: { attempts: 2, initialDelay: '10ms', maxDelay: '20ms' },
          ...hydrate,
        }),
      },
      new HydrationMetrics(metrics),
    );
    clients.push(client);
    return { client, metrics };
  }

  beforeAll(async () => {
    api = await ProviderApiStandIn.start(TOKEN);
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await api.close();
  });

  it('reads an object under the base URL’s path with the bearer token and fetch headers', async () => {
    api.script('/proxy/crm/v3/objects/contacts/1', { status: 200, body: { id: '1' } });
    const { client } = clientWith({});
    await expect(
      client.read({
        path: '/crm/v3/objects/contacts/1',
        object: 'contact 1',
        headers: { 'x-a': 'b' },
      }),
    ).resolves.toEqual({ id: '1' });
    expect(api.requestsTo('/proxy/crm/v3/objects/contacts/1')).toEqual([
      expect.objectContaining({ authorization: `Bearer ${TOKEN}` }),
    ]);
  });

  it('refuses an answer that is not a JSON object, for good', async () => {
    api.script('/proxy/crm/v3/objects/contacts/2', { status: 200, body: ['not', 'an', 'object'] });
    const { client } = clientWith({});
    const failure = client.read({ path: '/crm/v3/objects/contacts/2', object: 'contact 2' });
    await expect(failure).rejects.toThrow(HydrationRefused);
    await expect(failure).rejects.toThrow(
      'hydrating contact 2 for source acme-hubspot: the hubspot API answered 200 with a body that is not a JSON object',
    );
  });

  it('gives up on an API that does not answer within the timeout, as transient', async () => {
    api.script('/proxy/crm/v3/objects/contacts/3', { hang: true });
    const { client, metrics } = clientWith({ timeout: '100ms' });
    const failure = client.read({ path: '/crm/v3/objects/contacts/3', object: 'contact 3' });
    await expect(failure).rejects.toThrow(HydrationUnavailable);
    await expect(failure).rejects.toThrow(
      'hydrating contact 3 for source acme-hubspot: the hubspot API failed after 2 attempt(s): did not answer within 100ms',
    );
    expect(api.requestsTo('/proxy/crm/v3/objects/contacts/3')).toHaveLength(2);
    expect(await metrics.render()).toMatch(
      /hookline_hydration_requests_total\{(?=[^}]*outcome="timeout")[^}]*\} 2\n/,
    );
  });

  it('opens its circuit after consecutive failures: no request then, retry not before it half-opens', async () => {
    api.script('/proxy/crm/v3/objects/contacts/4', { status: 503 });
    const { client, metrics } = clientWith({
      retries: { attempts: 1 },
      circuitBreaker: { consecutiveFailures: 2, halfOpenAfter: '1m' },
    });
    const read = () => client.read({ path: '/crm/v3/objects/contacts/4', object: 'contact 4' });
    await expect(read()).rejects.toThrow('failed after 1 attempt(s): answered 503');
    await expect(read()).rejects.toThrow(HydrationUnavailable);
    const before = Date.now();
    const open = await read().catch((error: unknown) => error);
    expect(open).toBeInstanceOf(HydrationUnavailable);
    expect((open as HydrationUnavailable).message).toBe(
      "hydrating contact 4 for source acme-hubspot: the hubspot API's circuit is open after repeated failures",
    );
    expect((open as HydrationUnavailable).notBefore).toBeGreaterThanOrEqual(before + 60_000);
    expect(api.requestsTo('/proxy/crm/v3/objects/contacts/4')).toHaveLength(2);
    expect(await metrics.render()).toMatch(
      /hookline_hydration_requests_total\{(?=[^}]*outcome="circuit_open")[^}]*\} 1\n/,
    );
  });
});
