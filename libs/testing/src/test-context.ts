import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createDatabase, dropDatabase } from '@hookline/local-infra';
import { TestEnv } from './infra-mode.js';

/** Addresses the global setup provided; throws when a test runs without it. */
export function testInfrastructure(): { kafkaBrokers: string; databaseAdminUrl: string } {
  const kafkaBrokers = process.env[TestEnv.kafkaBrokers];
  const databaseAdminUrl = process.env[TestEnv.databaseAdminUrl];
  if (!kafkaBrokers || !databaseAdminUrl) {
    throw new Error(
      'test infrastructure is not up: run tests through the project jest config (global setup)',
    );
  }
  return { kafkaBrokers, databaseAdminUrl };
}

/** A short name unique to this run, usable as a topic prefix or database name. */
export function uniqueName(prefix = 't'): string {
  return `${prefix}${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A database of the test file's own on the shared server. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { databaseAdminUrl } = testInfrastructure();
  const name = uniqueName('hookline_t');
  const url = await createDatabase(databaseAdminUrl, name);
  return { name, url, drop: () => dropDatabase(databaseAdminUrl, name) };
}

/** Polls `/health/ready` until it answers 200; returns the last body either way. */
export async function waitForReady(
  baseUrl: string,
  timeoutMs = 30_000,
): Promise<{ ready: boolean; status: number; body: unknown }> {
  const deadline = Date.now() + timeoutMs;
  let last = { ready: false, status: 0, body: undefined as unknown };
  while (Date.now() < deadline) {
    const response = await fetch(`${baseUrl}/health/ready`).catch(() => undefined);
    if (response) {
      last = {
        ready: response.status === 200,
        status: response.status,
        body: await response.json(),
      };
      if (last.ready) return last;
    }
    await sleep(200);
  }
  return last;
}
