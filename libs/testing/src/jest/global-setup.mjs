// jest loads global setup through a CommonJS require hook that knows neither our
// `.js`-suffixed ESM imports of `.ts` files nor the `@hookline/*` aliases. So the
// harness is compiled with swc into a private folder and imported from there.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

export async function loadHarness() {
  const out = join(root, 'tmp', `jest-harness-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  const swc = spawnSync(
    join(root, 'node_modules', '.bin', 'swc'),
    [
      'deploy/local/src',
      'libs/testing/src',
      'libs/contracts/src',
      '-d',
      out,
      '--quiet',
      '--ignore',
      '**/*.spec.ts,**/*.int-spec.ts,**/*.e2e-spec.ts',
    ],
    { cwd: root, stdio: 'inherit' },
  );
  if (swc.status !== 0) throw new Error('could not compile the test harness');
  const harness = await import(join(out, 'libs/testing/src/jest/test-infrastructure.js'));
  return { harness, cleanup: () => rmSync(out, { recursive: true, force: true }) };
}

/**
 * Runs once per jest run: brings up (or reuses) Kafka and PostgreSQL and hands their
 * addresses to the workers through the environment. Each test file then isolates
 * itself with a topic prefix and a database of its own (`libs/testing/src/test-context.ts`).
 * Embedded servers are shared with parallel runs through leases (`infra-leases.ts`):
 * the last run to finish stops what a test run started.
 */
export default async function globalSetup() {
  const { harness, cleanup } = await loadHarness();
  const [kafka, postgres] = await Promise.all([
    harness.provideKafka(process.env),
    harness.providePostgres(process.env),
  ]);
  process.env[harness.TestEnv.kafkaBrokers] = kafka.address;
  process.env[harness.TestEnv.databaseAdminUrl] = postgres.address;
  const leases = new harness.InfraLeases(harness.stateDir('test-leases'), harness.isProcessAlive);
  const embedded = { kafka, postgres };
  leases.take(
    process.pid,
    Object.entries(embedded)
      .filter(([, resource]) => resource.mode === 'embedded' && resource.startedHere)
      .map(([name]) => name),
  );
  // Containers belong to this run alone; embedded servers are stopped by the last lease.
  globalThis.__hooklineTestInfra = {
    containers: [kafka, postgres].filter((resource) => resource.mode === 'containers'),
    leases,
    stop: { kafka: () => harness.stopKafka(), postgres: () => harness.stopPostgres() },
    cleanup,
  };
}
