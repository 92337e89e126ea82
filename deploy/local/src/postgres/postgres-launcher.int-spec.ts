import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { LauncherError } from '../launcher-error.js';
import { distinctFreePorts, isPortOpen, waitUntil, writePidFile } from '../process-control.js';
import {
  createDatabase,
  dropDatabase,
  ensurePostgres,
  postgresStatus,
  type RunningPostgres,
  stopPostgres,
} from './postgres-launcher.js';
import { isRunning } from './postgres-os.js';
import { dataDirOf, removePlacement } from './postgres-placement.js';

// Ports of its own: a developer's `npm start` server, or this suite in another clone, may run.
const [port, otherPort] = await distinctFreePorts(2);

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
      await new Promise<void>((resolve) => blocker.listen(otherPort, '127.0.0.1', resolve));
    });

    afterAll(async () => {
      await new Promise((resolve) => blocker.close(resolve));
      rmSync(otherState, { recursive: true, force: true });
    });

    it('fails with a LauncherError naming the port', async () => {
      const attempt = ensurePostgres({ port: otherPort, stateDir: otherState });
      await expect(attempt).rejects.toBeInstanceOf(LauncherError);
      await expect(attempt).rejects.toThrow(`port ${otherPort} is in use by another process`);
    });
  });

  describe('under a private folder (mode 700)', () => {
    const asRoot = process.getuid?.() === 0;
    let privateDir: string;
    let privateState: string;
    let placedPort: number;

    beforeAll(async () => {
      // What a clone under root's home looks like to the postgres OS user.
      privateDir = mkdtempSync(join(tmpdir(), 'hookline-pg-private-'));
      chmodSync(privateDir, 0o700);
      privateState = join(privateDir, 'state');
      placedPort = (await distinctFreePorts(1))[0];
    });

    afterAll(async () => {
      await stopPostgres({ port: placedPort, stateDir: privateState }).catch(() => undefined);
      removePlacement(privateState);
      rmSync(privateDir, { recursive: true, force: true });
    });

    it('starts without opening up the folder, keeping the data where the server can reach it', async () => {
      const lines: string[] = [];
      const server = await ensurePostgres({
        port: placedPort,
        stateDir: privateState,
        log: (line) => lines.push(line),
      });
      expect(server.startedHere).toBe(true);
      const [row] = await query<{ ok: number }>(server.url, 'SELECT 1 AS ok');
      expect(row?.ok).toBe(1);
      expect(statSync(privateDir).mode & 0o777).toBe(0o700);
      const dataDir = dataDirOf(privateState);
      if (asRoot) {
        // Run as the postgres OS user, the server owns a data folder outside the private one.
        expect(dataDir.startsWith(privateDir)).toBe(false);
        expect(statSync(dataDir).uid).not.toBe(0);
        expect(lines.join('\n')).toContain('cannot reach');
      } else {
        expect(dataDir).toBe(join(privateState, 'data'));
      }
      expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
      // Stop and status find the server through the same placement.
      expect((await postgresStatus({ stateDir: privateState })).running).toBe(true);
      await expect(stopPostgres({ stateDir: privateState })).resolves.toBe(true);
      expect(await isPortOpen(placedPort)).toBe(false);
    });
  });
});
