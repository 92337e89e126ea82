import { rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  createDatabase,
  ensurePostgres,
  findWorkspaceRoot,
  stopPostgres,
} from '@hookline/local-infra';
import { freePort } from './tcp-proxy.js';
import { uniqueName } from './test-context.js';

export interface PrivatePostgres {
  /** The admin URL (database `postgres`). */
  adminUrl: string;
  port: number;
  /** A new database on this server; returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server (a restart's first half) and resolves once it is down. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data; resolves once it answers. */
  start(): Promise<void>;
  /** Stops it and removes its data. */
  remove(): Promise<void>;
}

/**
 * A PostgreSQL server of the test's own, on a free port and in a private folder, for
 * tests that restart the database: the shared one serves every other test of the run.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const options = {
    stateDir: join(findWorkspaceRoot(), 'tmp', uniqueName('postgres-')),
    port: await freePort(),
  };
  const first = await ensurePostgres(options);
  return {
    adminUrl: first.url,
    port: options.port,
    createDatabase: (name) => createDatabase(first.url, name),
    stop: async () => void (await stopPostgres(options)),
    start: async () => void (await ensurePostgres(options)),
    remove: async () => {
      await stopPostgres(options);
      rmSync(options.stateDir, { recursive: true, force: true });
    },
  };
}
