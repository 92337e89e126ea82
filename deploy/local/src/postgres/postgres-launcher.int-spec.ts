import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { LauncherError } from '../launcher-error.js';
import { isPortOpen, waitUntil, writePidFile } from '../process-control.js';
import {
  createDatabase,
  dropDatabase,
  ensurePostgres,
  postgresStatus,
  type RunningPostgres,
  stopPostgres,
} from './postgres-launcher.js';
import { isRunning } from './postgres-os.js';

// Not the default 15432, so a developer's `npm start` server is left alone.
const port = 25432;

async function query<R extends pg.QueryResultRow>(url: string, sql: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('postgres launcher', () => {
  let stateDir: string;
  let options: { port: number; stateDir: string; log: (line: string) => void };
  let first: RunningPostgres;
  const logged: string[] = [];

  beforeAll(() => {
    stateDir = mkdtempSync(join(tmpdir(), 'hookline-pg-')); // 0700: the launcher must open it up for the postgres user
    options = { port, stateDir, log: (line) => logged.push(line) };
  });

  afterAll(async () => {
    await stopPostgres(options).catch(() => undefined);
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('initialises a data folder and starts a server', async () => {
    first = await ensurePostgres(options);
    expect(first.startedHere).toBe(true);
    expect(first.url).toBe(`postgres://postgres:postgres@127.0.0.1:${port}/postgres`);
    expect(first.version).toMatch(/^\d+\.\d+/);
    expect(existsSync(join(stateDir, 'data', 'PG_VERSION'))).toBe(true);
    expect(existsSync(join(stateDir, 'postgres.log'))).toBe(true);
    const [row] = await query<{ version: string }>(first.url, 'SELECT version()');
    expect(row?.version).toContain('PostgreSQL');
  });

  it('reuses the running server', async () => {
    const second = await ensurePostgres(options);
    expect(second.startedHere).toBe(false);
    expect(second.pid).toBe(first.pid);
    expect(second.url).toBe(first.url);
    await expect(postgresStatus(options)).resolves.toEqual({
      running: true,
      pid: first.pid,
      url: first.url,
    });
  });

  it('creates databases idempotently and drops them', async () => {
    const url = await createDatabase(first.url, 'launcher_spec');
    expect(url).toBe(`postgres://postgres:postgres@127.0.0.1:${port}/launcher_spec`);
    await expect(createDatabase(first.url, 'launcher_spec')).resolves.toBe(url);
    const [row] = await query<{ db: string }>(url, 'SELECT current_database() AS db');
    expect(row?.db).toBe('launcher_spec');

    const client = new pg.Client({ connectionString: url }); // an open session must not block the drop
    client.on('error', () => undefined);
    await client.connect();
    await dropDatabase(first.url, 'launcher_spec');
    await client.end().catch(() => undefined);
    await expect(
      query(first.url, "SELECT 1 FROM pg_database WHERE datname = 'launcher_spec'"),
    ).resolves.toEqual([]);
    await expect(dropDatabase(first.url, 'launcher_spec')).resolves.toBeUndefined();
  });

  it('leaves the server running when a reusing handle stops', async () => {
    const reused = await ensurePostgres(options);
    await reused.stop();
    await expect(query(first.url, 'SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
  });

  it('stops the server and closes the port', async () => {
    await query(
      first.url,
      "CREATE TABLE survivor (note text); INSERT INTO survivor VALUES ('kept')",
    );
    await expect(stopPostgres(options)).resolves.toBe(true);
    expect(await isPortOpen(port)).toBe(false);
    expect(existsSync(join(stateDir, 'postgres.pid'))).toBe(false);
    await expect(postgresStatus(options)).resolves.toEqual({ running: false });
    await expect(stopPostgres(options)).resolves.toBe(false);
  });

  it('restarts on the same data folder with its data', async () => {
    const again = await ensurePostgres(options);
    expect(again.startedHere).toBe(true);
    await expect(query(again.url, 'SELECT note FROM survivor')).resolves.toEqual([
      { note: 'kept' },
    ]);
    first = again;
  });

  it('starts anew after a SIGKILL left pid files naming another process', async () => {
    process.kill(first.pid, 'SIGKILL');
    const killed = first.pid;
    expect(await waitUntil(() => !isRunning(killed), 10_000)).toBe(true);
    // Our pid file now names a live process that is not postgres (this one).
    writePidFile(join(stateDir, 'postgres.pid'), process.pid);
    // And so does PostgreSQL's lock file, as after a reboot that reused the pid.
    writeFileSync(join(stateDir, 'data', 'postmaster.pid'), `${process.pid}\n`);
    const again = await ensurePostgres(options);
    expect(again.startedHere).toBe(true);
    expect(again.pid).not.toBe(process.pid);
    await expect(query(again.url, 'SELECT note FROM survivor')).resolves.toEqual([
      { note: 'kept' },
    ]);
    first = again;
  });

  it('stops a started server through its own handle', async () => {
    await first.stop();
    expect(await isPortOpen(port)).toBe(false);
  });

  describe('when the port is taken', () => {
    let blocker: Server;
    let otherState: string;

    beforeAll(async () => {
      otherState = mkdtempSync(join(tmpdir(), 'hookline-pg-taken-'));
      blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(port + 1, '127.0.0.1', resolve));
    });

    afterAll(async () => {
      await new Promise((resolve) => blocker.close(resolve));
      rmSync(otherState, { recursive: true, force: true });
    });

    it('fails with a LauncherError naming the port', async () => {
      const attempt = ensurePostgres({ port: port + 1, stateDir: otherState });
      await expect(attempt).rejects.toBeInstanceOf(LauncherError);
      await expect(attempt).rejects.toThrow(`port ${port + 1} is in use by another process`);
    });
  });
});
