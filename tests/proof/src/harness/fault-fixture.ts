import { expect } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  compileForChildProcess,
  createTestDatabase,
  testInfrastructure,
  uniqueName,
} from '@hookline/testing';
import { settle, type Tally } from './accounting.js';
import { type ProofDestination, type ProofRoute, writeProofConfig } from './config.js';
import { loadAverage } from './proc.js';
import { RecordingSink } from './sink.js';
import { ServiceStack } from './stack.js';
import { type EventSpec, Traffic } from './traffic.js';

/** No service may grow past this resident set under the suite's load (MiB). */
export const RSS_BOUND_MB = 512;
export const SOURCE_ID = 'proof-stripe';
export const SOURCE_SECRET = 'whsec_proof_fault_suite';
/** Short client deadlines, so that slow-loris clients are cut off within seconds. */
export const HOSTILE_ENV = {
  HOOKLINE_HTTP_HEADERS_TIMEOUT_MS: '5000',
  HOOKLINE_HTTP_BODY_TIMEOUT_MS: '5000',
  HOOKLINE_HTTP_KEEP_ALIVE_TIMEOUT_MS: '4000',
};

export interface FaultFixture {
  stack: ServiceStack;
  sink: RecordingSink;
  traffic: Traffic;
  databaseUrl: string;
  ingestUrl: string;
  /** Every steady load started on this fixture; `close()` stops those still running. */
  loads: SteadyLoad[];
  close(): Promise<void>;
}

export interface FaultFixtureOptions {
  destinations: ProofDestination[];
  routes: ProofRoute[];
  /** Kafka and PostgreSQL of the test's own (outage tests); the shared servers otherwise. */
  kafkaBrokers?: string;
  createDatabase?: () => Promise<{ url: string; drop(): Promise<void> }>;
  env?: Record<string, string>;
}

/** The five compiled services on one database and topic prefix, a recording sink, a driver. */
export async function startFaultFixture(options: FaultFixtureOptions): Promise<FaultFixture> {
  const sink = await RecordingSink.start();
  const configPath = writeProofConfig({
    sinkPort: sink.port,
    sources: { [SOURCE_ID]: SOURCE_SECRET },
    destinations: options.destinations,
    routes: options.routes,
  });
  const build = compileForChildProcess(['apps', 'libs']);
  const database = await (options.createDatabase ?? createTestDatabase)();
  let stack: ServiceStack;
  try {
    stack = await ServiceStack.start({
      compiledRoot: build.outDir,
      configPath,
      kafkaBrokers: options.kafkaBrokers ?? testInfrastructure().kafkaBrokers,
      databaseUrl: database.url,
      topicPrefix: uniqueName('proof'),
      env: options.env,
      // Five services starting at once on a loaded two-core machine can take minutes.
      readyTimeoutMs: 240_000,
    });
  } catch (error) {
    await sink.close();
    await database.drop();
    build.remove();
    throw error;
  }
  const ingestUrl = stack.url('ingest');
  const traffic = new Traffic(ingestUrl, { [SOURCE_ID]: SOURCE_SECRET }, 16);
  const loads: SteadyLoad[] = [];
  return {
    stack,
    sink,
    traffic,
    databaseUrl: database.url,
    ingestUrl,
    loads,
    close: async () => {
      // A failed case may leave its load running: stop it (and its re-sends) first.
      const stopping = Promise.all(loads.map((load) => load.stop()));
      await traffic.close();
      await stopping;
      await stack.stop();
      await sink.close();
      await database.drop();
      build.remove();
    },
  };
}

/** Unique event ids for one case. */
export function eventsOf(
  label: string,
  customer: string,
  destinations: string[],
): (index: number) => EventSpec {
  const run = randomBytes(3).toString('hex');
  return (index) => ({
    sourceId: SOURCE_ID,
    id: `evt_${label}_${run}_${index}`,
    customer,
    amountPaid: 5_000,
    destinations,
  });
}

export interface SteadyLoad {
  /** Stops offering; resolves once every webhook in flight was answered. */
  stop(): Promise<number>;
}

/** `rate` webhooks/s from `concurrency` senders, re-sent until acknowledged, until stopped. */
export function steadyLoad(
  fixture: FaultFixture,
  next: (index: number) => EventSpec,
  rate = 25,
  concurrency = 8,
): SteadyLoad {
  let stopped = false;
  const running = fixture.traffic.offer({
    rate,
    concurrency,
    until: () => stopped,
    next,
    retry: true,
  });
  const load = {
    stop: () => {
      stopped = true;
      return running;
    },
  };
  fixture.loads.push(load);
  return load;
}

/**
 * Waits until every acknowledged webhook of `prefix` is terminal, prints the tally and
 * the services' memory, and asserts: nothing missing, no duplicate effect, memory bounded.
 */
export async function expectSettled(
  fixture: FaultFixture,
  label: string,
  prefix: string,
  options: { timeoutMs?: number; redeliveriesAllowed?: boolean } = {},
): Promise<Tally> {
  const events = () =>
    [...fixture.traffic.events.values()].filter((event) => event.id.startsWith(prefix));
  const result = await settle(
    events,
    fixture.sink,
    fixture.databaseUrl,
    options.timeoutMs ?? 240_000,
  );
  const memory = Object.entries(fixture.stack.samples())
    .map(
      ([service, sample]) => `${service} ${sample.rssMb.toFixed(0)}/${sample.peakRssMb.toFixed(0)}`,
    )
    .join(', ');
  process.stdout.write(
    `[faults] ${label}: ${JSON.stringify(result)}; RSS now/peak MiB: ${memory}; load ${loadAverage()}\n`,
  );
  expect(result.acknowledged).toBeGreaterThan(0);
  expect(result.missing).toBe(0);
  expect(result.duplicateEffects).toBe(0);
  expect(result.unexpected).toBe(0);
  if (!options.redeliveriesAllowed) expect(result.redeliveries).toBe(0);
  for (const sample of Object.values(fixture.stack.samples()))
    expect(sample.rssMb).toBeLessThan(RSS_BOUND_MB);
  return result;
}

/** Resolves once `destination` has effects for `count` keys (rejects after two minutes). */
export async function waitForEffects(
  fixture: FaultFixture,
  destination: string,
  count: number,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((fixture.sink.effects.get(destination)?.size ?? 0) < count) {
    if (Date.now() > deadline)
      throw new Error(`${destination}: fewer than ${count} effects after ${timeoutMs} ms`);
    await sleep(200);
  }
}
