import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  compileForChildProcess,
  createTestDatabase,
  freePort,
  type RunningChild,
  serviceProcessEnv,
  startChild,
  stopChildren,
  type TestDatabase,
  waitForReady,
  workspaceFile,
  writeTestConfig,
} from '@hookline/testing';
import { type FlakyDestination, startFlakyDestination } from './flaky-destination.js';

export const STRIPE_SECRET = 'whsec_console_e2e_stripe';
const DESTINATION_SECRET = 'whsec_aG9va2xpbmUtY29uc29sZS1lMmUtc2VjcmV0LTMyYnk=';
/** `hl_<name>_<secret>` of the configured operator tokens. */
export const TOKENS = {
  operator: 'hl_console-operator_console-operator-secret-0123456789',
  viewer: 'hl_console-viewer_console-viewer-secret-0123456789',
} as const;

const SERVICES = ['ingest', 'normalizer', 'router', 'executor', 'replay'] as const;

export interface ConsoleStack {
  /** The replay app: the console at `/`, the operator API at `/api/v1`. */
  consoleUrl: string;
  ingestUrl: string;
  destination: FlakyDestination;
  stop(): Promise<void>;
}

const config = (destinationUrl: string) => `version: 1
egress: { allow: ['127.0.0.1'] }
tenants:
  - id: acme
    sources:
      - { id: acme-stripe, provider: stripe, secrets: ['${STRIPE_SECRET}'] }
    destinations:
      - id: orders
        kind: http
        url: '${destinationUrl}'
        secret: '${DESTINATION_SECRET}'
        retryTiers: ['500ms']
    routes:
      - { id: invoices, eventTypes: ['billing.invoice.*'], destination: orders }
operator:
  tokens:
    - { name: console-operator, role: operator, tenants: [acme], secret: console-operator-secret-0123456789 }
    - { name: console-viewer, role: viewer, tenants: [acme], secret: console-viewer-secret-0123456789 }
`;

/** Builds the console with Vite into `outDir` (as `npm run build` does into dist/). */
function buildConsole(outDir: string): void {
  const vite = spawnSync(
    workspaceFile('node_modules/.bin/vite'),
    ['build', '--config', 'apps/console/vite.config.ts', '--outDir', outDir, '--logLevel', 'error'],
    { cwd: workspaceFile('.'), encoding: 'utf8' },
  );
  if (vite.status !== 0) throw new Error(`vite build failed: ${vite.stderr}`);
}

/**
 * The five services as real processes on the shared test Kafka and a database of their
 * own, the console built and served by the replay app, one Stripe source delivering to a
 * destination the test makes fail or recover.
 */
export async function startConsoleStack(): Promise<ConsoleStack> {
  const build = compileForChildProcess(['apps', 'libs']);
  const consoleDir = join(build.outDir, 'console-static');
  buildConsole(consoleDir);
  const destination = await startFlakyDestination();
  const database: TestDatabase = await createTestDatabase();
  const ports = Object.fromEntries(
    await Promise.all(SERVICES.map(async (service) => [service, await freePort()] as const)),
  ) as Record<(typeof SERVICES)[number], number>;
  const url = (service: (typeof SERVICES)[number]) => `http://127.0.0.1:${ports[service]}`;
  const env = serviceProcessEnv(writeTestConfig(config(destination.url)), database.url, {
    HOOKLINE_RETRY_TIERS: '500ms',
    HOOKLINE_PUBLIC_BASE_URL: url('ingest'),
    HOOKLINE_CONSOLE_DIR: consoleDir,
    HOOKLINE_METRICS_URLS: SERVICES.map((service) => `${service}=${url(service)}/metrics`).join(
      ',',
    ),
    OTEL_SDK_DISABLED: 'true',
  });
  const children: RunningChild[] = SERVICES.map((service) =>
    startChild(join(build.outDir, `apps/${service}/src/main.js`), {
      ...env,
      PORT: String(ports[service]),
    }),
  );
  const stop = async () => {
    await stopChildren(children);
    await destination.close();
    await database.drop();
    build.remove();
  };
  try {
    // All five start at once; on a loaded machine that can take minutes.
    await Promise.all(
      SERVICES.map(async (service, index) => {
        const ready = await waitForReady(url(service), 240_000);
        if (!ready.ready)
          throw new Error(
            `${service} did not become ready: ${JSON.stringify(ready.body)} ${children[index]?.output.slice(-3).join(' | ')}`,
          );
      }),
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { consoleUrl: url('replay'), ingestUrl: url('ingest'), destination, stop };
}
