import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { parse } from 'yaml';
import { join } from 'node:path';
import {
  compileForChildProcess,
  freePort,
  signWebhook,
  startChild,
  workspaceFile,
  type RunningChild,
} from '@hookline/testing';

// `npm start` as a user runs it: the compiled launcher starts its own embedded Kafka and
// PostgreSQL (private ports and folder), then the five services with the example
// configuration. Every process it starts inherits a marker, so the test can tell whether
// any of them survived.
const STOP_TIMEOUT_MS = 90_000;
const EXAMPLE = parse(readFileSync(workspaceFile('hookline.example.yaml'), 'utf8')) as {
  tenants: { sources: { id: string; secrets: string[] }[] }[];
};

function exampleSecret(sourceId: string): string {
  const source = EXAMPLE.tenants
    .flatMap((tenant) => tenant.sources)
    .find((candidate) => candidate.id === sourceId);
  if (!source?.secrets[0]) throw new Error(`no secret for ${sourceId} in the example`);
  return source.secrets[0];
}

/** Pids of live processes whose environment holds the marker (readable as root or owner). */
function processesMarked(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'latin1');
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      const zombie = /^\s*Z/.test(stat.slice(stat.lastIndexOf(')') + 1));
      if (!zombie && environ.includes(`HOOKLINE_STACK_MARK=${marker}`)) found.push(Number(entry));
    } catch {
      /* gone, or not ours to read */
    }
  }
  return found;
}

async function consecutiveFreePorts(count: number): Promise<number> {
  for (;;) {
    const base = await freePort();
    if (base + count > 65_000) continue;
    const taken = await Promise.all(
      Array.from({ length: count }, (_, index) => isTaken(base + index)),
    );
    if (!taken.some(Boolean)) return base;
  }
}

function isTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(false)));
  });
}

describe('npm start: starts, demonstrates, and stops without leaving a process', () => {
  let build: ReturnType<typeof compileForChildProcess>;
  const homes: string[] = [];
  const running: RunningChild[] = [];

  beforeAll(() => {
    build = compileForChildProcess(['apps', 'libs', 'deploy/local/src']);
  });

  afterEach(async () => {
    // A failed test must not leave its stack behind for the next one.
    for (const stack of running.splice(0)) {
      if (stack.child.exitCode === null && stack.child.signalCode === null) {
        stack.child.kill('SIGINT');
        await stack.exited;
      }
    }
  });

  afterAll(() => {
    build?.remove();
    for (const home of homes) rmSync(home, { recursive: true, force: true });
  });

  async function launch(extra: Record<string, string> = {}, options: { demoPort?: number } = {}) {
    const marker = randomUUID();
    const home = mkdtempSync(join(tmpdir(), 'hookline-stack-'));
    // Searchable, so the postgres OS user keeps its data here (the launcher's own tests
    // cover a private folder) and nothing is left outside it.
    chmodSync(home, 0o755);
    homes.push(home);
    const portBase = await consecutiveFreePorts(5);
    const [kafkaPort, controllerPort, postgresPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const env: Record<string, string> = {
      HOOKLINE_STACK_MARK: marker,
      HOOKLINE_HOME: home,
      HOOKLINE_PORT_BASE: String(portBase),
      HOOKLINE_KAFKA_PORT: String(kafkaPort),
      HOOKLINE_KAFKA_CONTROLLER_PORT: String(controllerPort),
      HOOKLINE_KAFKA_HEAP_MB: '384',
      HOOKLINE_POSTGRES_PORT: String(postgresPort),
      // Not the test run's shared servers: this stack starts its own.
      KAFKA_BROKERS: '',
      DATABASE_URL: '',
      HOOKLINE_CONFIG: '',
      LOG_LEVEL: 'warn',
      ...extra,
    };
    if (options.demoPort !== undefined) {
      // The example as shipped, but its destination on a port of this test's own (9999
      // may be taken on a busy machine), with the receivers asked for explicitly.
      const config = join(home, 'hookline.yaml');
      writeFileSync(
        config,
        readFileSync(workspaceFile('hookline.example.yaml'), 'utf8').replaceAll(
          'http://127.0.0.1:9999/',
          `http://127.0.0.1:${options.demoPort}/`,
        ),
      );
      env['HOOKLINE_CONFIG'] = config;
      env['HOOKLINE_DEMO_DESTINATIONS'] = 'true';
    }
    const stack = startChild(join(build.outDir, 'deploy/local/src/cli.js'), env, ['start']);
    running.push(stack);
    return { stack, marker, portBase, postgresPort, env };
  }

  async function expectGone(stack: RunningChild, marker: string) {
    const exit = await stack.exited;
    // Detached servers are reaped by init; wait for what is observable, their exit.
    const deadline = Date.now() + 10_000;
    while (processesMarked(marker).length > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));
    expect(processesMarked(marker)).toEqual([]);
    return exit;
  }

  it('runs the example end to end, then Ctrl-C stops everything', async () => {
    const demoPort = await freePort();
    const { stack, marker, portBase } = await launch({}, { demoPort });
    await stack.waitForLine(/all services ready/, 180_000);
    expect(stack.output.join('\n')).toContain(
      `demo destination listening at http://127.0.0.1:${demoPort}/hooks`,
    );
    const ingest = `http://127.0.0.1:${portBase}`;
    for (const [provider, sourceId, payload] of [
      ['stripe', 'acme-stripe', undefined],
      ['hubspot', 'acme-hubspot', undefined],
    ] as const) {
      const request = await signWebhook(provider, {
        secret: exampleSecret(sourceId),
        sourceId,
        publicBaseUrl: ingest,
        ...(payload ? { payload } : {}),
      });
      const response = await fetch(`${ingest}/webhooks/${sourceId}`, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
      });
      expect(response.status).toBe(200);
    }
    try {
      await stack.waitForLine(
        /destination acme-orders received billing\.invoice\.paid .*signature valid/,
        120_000,
      );
      await stack.waitForLine(
        /destination acme-orders received crm\.contact\.created .*signature valid/,
        120_000,
      );
    } catch (error) {
      // What the stack said is the quickest way to see why nothing arrived.
      process.stdout.write(`${stack.output.slice(-60).join('\n')}\n`);
      throw error;
    }

    stack.child.kill('SIGINT');
    const exit = await expectGone(stack, marker);
    expect(exit.code).toBe(0);
    expect(stack.output.join('\n')).toContain('[hookline] stopped');
  }, 300_000);

  it(
    'SIGTERM while starting stops what had started',
    async () => {
      const { stack, marker } = await launch();
      await stack.waitForLine(/starting Kafka|reusing Kafka|Kafka .* at /, 120_000);
      stack.child.kill('SIGTERM');
      const exit = await expectGone(stack, marker);
      expect(exit.code).not.toBe(0);
      expect(stack.output.join('\n')).toMatch(/SIGTERM: stopping what has started/);
    },
    STOP_TIMEOUT_MS * 2,
  );

  it(
    'a dependency that cannot start ends the run at once with the reason, leaving nothing',
    async () => {
      const blocker = createServer();
      const port = await freePort();
      await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
      try {
        const startedAt = Date.now();
        const { stack, marker } = await launch({ HOOKLINE_POSTGRES_PORT: String(port) });
        const exit = await expectGone(stack, marker);
        expect(exit.code).toBe(1);
        expect(stack.errors).toEqual([
          `[hookline] port ${port} is in use by another process: free it or set HOOKLINE_POSTGRES_PORT / DATABASE_URL`,
        ]);
        process.stdout.write(
          `[local-stack] refused start ended in ${((Date.now() - startedAt) / 1000).toFixed(1)} s\n`,
        );
      } finally {
        await new Promise((resolve) => blocker.close(resolve));
      }
    },
    STOP_TIMEOUT_MS * 2,
  );
});
