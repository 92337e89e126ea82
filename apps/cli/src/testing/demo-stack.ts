import { createServer, type Server } from 'node:http';
import {
  createTestDatabase,
  freePort,
  serviceProcessEnv,
  startServiceProcesses,
  stopChildren,
  writeTestConfig,
  type RunningChild,
  type TestDatabase,
} from '@hookline/testing';

/** Operator tokens of the stack's configuration (`hl_<name>_<secret>`). */
export const STACK_TOKENS = {
  admin: 'hl_cli-admin_cli-admin-secret-0123456789abcdef',
  viewer: 'hl_cli-viewer_cli-viewer-secret-0123456789abcdef',
} as const;

const SIGNING = 'whsec_aG9va2xpbmUtZGVtby1vbmx5LXNlY3JldC0zMmJ5dGU=';

/**
 * One tenant whose four sources each end differently: Stripe delivered, GitHub filtered
 * (its route's filter takes nothing), Slack unrouted (no route), generic HMAC
 * dead-lettered (its destination answers 400, a permanent failure).
 */
export function demoStackConfig(sinkUrl: string): string {
  return `
version: 1
egress:
  allow: ['127.0.0.1']
tenants:
  - id: acme
    sources:
      - { id: acme-stripe, provider: stripe, secrets: [whsec_cli_stripe_secret] }
      - { id: acme-github, provider: github, secrets: [cli-github-secret] }
      - { id: acme-slack, provider: slack, secrets: [cli-slack-secret] }
      - id: acme-hmac
        provider: generic-hmac
        secrets: [cli-hmac-secret]
        settings: { header: x-signature, algorithm: sha256, encoding: hex, prefix: 'sha256=' }
    destinations:
      - { id: acme-orders, kind: http, url: '${sinkUrl}/ok', secret: '${SIGNING}', timeout: 5s, retryTiers: ['500ms'] }
      - { id: acme-refusing, kind: http, url: '${sinkUrl}/refuse', secret: '${SIGNING}', timeout: 5s, retryTiers: ['500ms'] }
    routes:
      - { id: invoices, eventTypes: ['billing.invoice.*'], destination: acme-orders }
      - { id: no-code, eventTypes: ['code.*'], filter: 'subject == "never"', destination: acme-orders }
      - { id: refused, eventTypes: ['generic-hmac.*'], destination: acme-refusing }
operator:
  tokens:
    - { name: cli-admin, role: admin, tenants: ['*'], secret: cli-admin-secret-0123456789abcdef }
    - { name: cli-viewer, role: viewer, tenants: [acme], secret: cli-viewer-secret-0123456789abcdef }
`;
}

export interface DemoStack {
  configPath: string;
  ingestUrl: string;
  apiUrl: string;
  /** Paths the sink was sent to, in order. */
  received: string[];
  close(): Promise<void>;
}

/**
 * The five services as processes (compiled in `outDir`) on the shared test Kafka and a
 * database of their own, with a sink that accepts `/ok` and refuses `/refuse` with 400.
 */
export async function startDemoStack(outDir: string): Promise<DemoStack> {
  const received: string[] = [];
  const sink: Server = createServer((request, response) => {
    received.push(request.url ?? '');
    request.resume();
    request.on('end', () => response.writeHead(request.url === '/refuse' ? 400 : 200).end());
  });
  const sinkPort = await freePort();
  await new Promise<void>((resolve) => sink.listen(sinkPort, '127.0.0.1', resolve));
  const configPath = writeTestConfig(demoStackConfig(`http://127.0.0.1:${sinkPort}`));
  const database: TestDatabase = await createTestDatabase();
  const services: RunningChild[] = [];
  const ports = new Map<string, number>();
  const close = async () => {
    await stopChildren(services);
    await new Promise((resolve) => sink.close(resolve));
    await database.drop();
  };
  try {
    for (const service of ['ingest', 'normalizer', 'router', 'executor', 'replay']) {
      ports.set(service, await freePort());
    }
    const ingestUrl = `http://127.0.0.1:${ports.get('ingest')}`;
    const env = serviceProcessEnv(configPath, database.url, {
      HOOKLINE_PUBLIC_BASE_URL: ingestUrl,
    });
    const started = await startServiceProcesses(
      outDir,
      [...ports.keys()],
      env,
      90_000,
      Object.fromEntries(ports),
    );
    services.push(...started.map(({ child }) => child));
    const notReady = started.filter(({ ready }) => !ready).map(({ service }) => service);
    if (notReady.length > 0) throw new Error(`not ready: ${notReady.join(', ')}`);
    return {
      configPath,
      ingestUrl,
      apiUrl: `http://127.0.0.1:${ports.get('replay')}`,
      received,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
