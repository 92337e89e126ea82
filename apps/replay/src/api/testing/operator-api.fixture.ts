import { setTimeout as sleep } from 'node:timers/promises';
import { startTestService, type TestService } from '@hookline/runtime/testing';
import { waitForReady, writeTestConfig } from '@hookline/testing';
import pg from 'pg';
import { replayAppOptions } from '../../replay-app.js';
import { ReplayModule } from '../../replay.module.js';

/** Tokens of the test configuration, by what they may do (`hl_<name>_<secret>`). */
export const TEST_TOKENS = {
  acmeViewer: 'hl_acme-viewer_acme-viewer-secret-0123456789',
  acmeOperator: 'hl_acme-operator_acme-operator-secret-0123456789',
  acmeAdmin: 'hl_acme-admin_acme-admin-secret-0123456789',
  globexViewer: 'hl_globex-viewer_globex-viewer-secret-0123456789',
  allAdmin: 'hl_all-admin_all-admin-secret-0123456789',
} as const;

const WEBHOOK_SECRET = 'whsec_aG9va2xpbmUtZGVtby1vbmx5LXNlY3JldC0zMmJ5dGU=';

/** Two tenants with one Stripe source and one destination each; tokens as above. */
export const TEST_CONFIG = `
version: 1
tenants:
  - id: acme
    sources:
      - { id: acme-stripe, provider: stripe, secrets: [stripe-secret-1] }
    destinations:
      - { id: acme-orders, kind: http, url: 'https://orders.example.com/hooks', secret: '${WEBHOOK_SECRET}' }
    routes:
      - { id: billing, eventTypes: ['billing.*'], destination: acme-orders }
  - id: globex
    sources:
      - { id: globex-stripe, provider: stripe, secrets: [stripe-secret-2] }
    destinations:
      - { id: globex-orders, kind: http, url: 'https://globex.example.com/hooks', secret: '${WEBHOOK_SECRET}' }
    routes:
      - { id: billing, eventTypes: ['billing.*'], destination: globex-orders }
operator:
  tokens:
    - { name: acme-viewer, role: viewer, tenants: [acme], secret: acme-viewer-secret-0123456789 }
    - { name: acme-operator, role: operator, tenants: [acme], secret: acme-operator-secret-0123456789 }
    - { name: acme-admin, role: admin, tenants: [acme], secret: acme-admin-secret-0123456789 }
    - { name: globex-viewer, role: viewer, tenants: [globex], secret: globex-viewer-secret-0123456789 }
    - { name: all-admin, role: admin, tenants: ['*'], secret: all-admin-secret-0123456789 }
  redact:
    providers:
      stripe: ['data.object.customer_email']
    sources:
      acme-stripe: ['data.object.card[*].number']
`;

export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

export interface OperatorApiFixture {
  service: TestService;
  db: pg.Client;
  call(method: string, path: string, token?: string, body?: unknown): Promise<ApiAnswer>;
  close(): Promise<void>;
}

/**
 * The replay service against real Kafka and PostgreSQL with TEST_CONFIG, once its
 * configured tokens work (observed through `whoami`).
 */
export async function startOperatorApi(yaml = TEST_CONFIG): Promise<OperatorApiFixture> {
  const service = await startTestService(
    'replay',
    (config) => ReplayModule.register(config),
    { HOOKLINE_CONFIG: writeTestConfig(yaml) },
    replayAppOptions,
  );
  const db = new pg.Client({ connectionString: service.database.url });
  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const response = await fetch(`${service.url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      headers: response.headers,
    };
  };
  try {
    if (!(await waitForReady(service.url)).ready) throw new Error('replay did not become ready');
    await db.connect();
    for (const deadline = Date.now() + 20_000; ; await sleep(100)) {
      const answer = await call('GET', '/api/v1/whoami', TEST_TOKENS.allAdmin);
      if (answer.status === 200) break;
      if (Date.now() > deadline)
        throw new Error(`configured tokens never worked: ${answer.status}`);
    }
  } catch (error) {
    await db.end().catch(() => undefined);
    await service.close();
    throw error;
  }
  return {
    service,
    db,
    call,
    close: async () => {
      await db.end();
      await service.close();
    },
  };
}
