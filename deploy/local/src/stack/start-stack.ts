import { join } from 'node:path';
import { SERVICE_NAMES, ServiceDefaults } from '@hookline/contracts';
import { ensureKafka } from '../kafka/kafka-launcher.js';
import { LauncherError } from '../launcher-error.js';
import { createDatabase, ensurePostgres } from '../postgres/postgres-launcher.js';
import { isPortFree } from '../process-control.js';
import { findWorkspaceRoot } from '../workspace.js';
import { startDemoDestinations } from './demo-destination.js';
import {
  spawnService,
  stopService,
  waitForServiceReady,
  type ServiceProcess,
} from './service-process.js';

const READY_TIMEOUT_MS = 120_000;
const SERVICE_STOP_GRACE_MS = 30_000;

export interface Stack {
  services: ServiceProcess[];
  /** Stops the services, then the infrastructure this stack started (not what it reused). */
  stop(): Promise<void>;
}

/**
 * Everything `npm start` runs: Kafka and PostgreSQL (embedded unless KAFKA_BROKERS /
 * DATABASE_URL name existing ones), then the five services, each waited on until ready.
 */
export async function startStack(
  log: (line: string) => void,
  signal: AbortSignal = new AbortController().signal,
): Promise<Stack> {
  const root = findWorkspaceRoot();
  const host = process.env['HOOKLINE_HOST'] ?? '127.0.0.1';
  const portBase = Number(process.env['HOOKLINE_PORT_BASE'] ?? ServiceDefaults.ingest.port);
  const ports = SERVICE_NAMES.map((_, index) => portBase + index);
  for (const port of ports) {
    if (!(await isPortFree(port, host))) {
      throw new LauncherError(
        `port ${port} is in use by another process: free it or set HOOKLINE_PORT_BASE`,
      );
    }
  }

  const stopInfra: (() => Promise<void>)[] = [];
  const services: ServiceProcess[] = [];
  const stop = async () => {
    await Promise.all(services.map((service) => stopService(service, SERVICE_STOP_GRACE_MS)));
    for (const stopOne of stopInfra.reverse()) await stopOne();
  };

  try {
    // Both are waited for even when one fails, so that what did start is stopped again.
    const [kafka, postgres] = await Promise.allSettled([
      provideKafka(log, stopInfra),
      providePostgres(log, stopInfra),
    ]);
    if (kafka.status === 'rejected') throw kafka.reason;
    if (postgres.status === 'rejected') throw postgres.reason;
    throwIfStopped(signal);
    const env: Record<string, string> = {
      KAFKA_BROKERS: kafka.value,
      DATABASE_URL: postgres.value,
    };
    // HubSpot signs the full public URL: locally that is ingest's own address.
    if (!process.env['HOOKLINE_PUBLIC_BASE_URL'])
      env['HOOKLINE_PUBLIC_BASE_URL'] = `http://${host}:${ports[0] ?? portBase}`;
    // The example configuration (demo secrets) unless HOOKLINE_CONFIG names another, with
    // a receiver where its loopback destinations point, so that deliveries are seen
    // arriving (for another file only when asked: its ports may belong to the user's apps).
    const example = !process.env['HOOKLINE_CONFIG'];
    const configPath = process.env['HOOKLINE_CONFIG'] || join(root, 'hookline.example.yaml');
    if (example) env['HOOKLINE_CONFIG'] = configPath;
    if (demoDestinationsWanted(example)) {
      const demo = await startDemoDestinations(configPath, log);
      stopInfra.unshift(() => demo.close());
      for (const url of demo.urls) log(`demo destination listening at ${url}`);
    }
    if (!process.env['KAFKA_BROKERS']) {
      // The embedded broker is a single node: declare what it can hold instead of being warned.
      env['HOOKLINE_TOPIC_REPLICATION_FACTOR'] ??=
        process.env['HOOKLINE_TOPIC_REPLICATION_FACTOR'] ?? '1';
      env['HOOKLINE_TOPIC_MIN_INSYNC_REPLICAS'] ??=
        process.env['HOOKLINE_TOPIC_MIN_INSYNC_REPLICAS'] ?? '1';
      env['HOOKLINE_TOPIC_PARTITIONS'] ??= process.env['HOOKLINE_TOPIC_PARTITIONS'] ?? '3';
    }

    // The console's overview reads every service's metrics.
    env['HOOKLINE_METRICS_URLS'] = SERVICE_NAMES.map(
      (service, index) => `${service}=http://${host}:${ports[index] ?? portBase + index}/metrics`,
    ).join(',');
    SERVICE_NAMES.forEach((service, index) => {
      services.push(
        spawnService(service, { root, host, port: ports[index] ?? portBase + index, env }),
      );
    });
    const outcomes = await Promise.race([
      Promise.all(services.map((service) => waitForServiceReady(service, READY_TIMEOUT_MS))),
      stopped(signal),
    ]);
    const failed = services.filter((_, index) => outcomes[index] !== 'ready');
    if (failed.length > 0) {
      const reasons = failed.map(
        (service) => `${service.service} ${outcomes[services.indexOf(service)]}`,
      );
      throw new LauncherError(
        `services did not become ready: ${reasons.join(', ')} (see their log lines above)`,
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { services, stop };
}

function demoDestinationsWanted(example: boolean): boolean {
  const raw = process.env['HOOKLINE_DEMO_DESTINATIONS']?.trim();
  if (raw === undefined || raw === '') return example;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw new LauncherError(`HOOKLINE_DEMO_DESTINATIONS must be true or false, got '${raw}'`);
}

/** Thrown when a stop was asked for (Ctrl-C, SIGTERM) before the stack was ready. */
export class StackStopped extends LauncherError {
  override readonly name = 'StackStopped';
}

function throwIfStopped(signal: AbortSignal): void {
  if (signal.aborted) throw new StackStopped(`stopped before ready (${String(signal.reason)})`);
}

function stopped(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const fail = () => reject(new StackStopped(`stopped before ready (${String(signal.reason)})`));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

async function provideKafka(
  log: (line: string) => void,
  stopInfra: (() => Promise<void>)[],
): Promise<string> {
  const existing = process.env['KAFKA_BROKERS'];
  if (existing) {
    log(`Kafka: using KAFKA_BROKERS=${existing}`);
    return existing;
  }
  log('Kafka: starting the embedded broker (first run downloads its jars with Maven)...');
  const kafka = await ensureKafka({ log });
  stopInfra.push(() => kafka.stop());
  log(
    `Kafka ${kafka.version}: ${kafka.brokers} (${kafka.startedHere ? 'started' : 'reused'}, pid ${kafka.pid})`,
  );
  return kafka.brokers;
}

async function providePostgres(
  log: (line: string) => void,
  stopInfra: (() => Promise<void>)[],
): Promise<string> {
  const existing = process.env['DATABASE_URL'];
  if (existing) {
    log('PostgreSQL: using DATABASE_URL');
    return existing;
  }
  const postgres = await ensurePostgres({ log });
  stopInfra.push(() => postgres.stop());
  log(
    `PostgreSQL ${postgres.version}: ${redactUrl(postgres.url)} (${postgres.startedHere ? 'started' : 'reused'}, pid ${postgres.pid})`,
  );
  return createDatabase(postgres.url, 'hookline');
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
