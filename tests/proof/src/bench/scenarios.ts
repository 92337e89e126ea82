// The end-to-end scenarios: each offers signed webhooks to ingest from this process and
// measures acknowledgements at ingest and effects at the recording sink.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type ServiceName } from '@hookline/contracts';
import { settle, type Tally } from '../harness/accounting.js';
import { machineBusySeconds, processTreeCpuSeconds } from '../harness/proc.js';
import { type RecordingSink } from '../harness/sink.js';
import { type ServiceStack } from '../harness/stack.js';
import { type EventSpec, type SentEvent, type Traffic } from '../harness/traffic.js';
import { percentile } from './stats.js';

export interface ScenarioResult {
  name: string;
  /** Offered webhooks/s (Infinity: as fast as the connections allow). */
  offeredPerSec: number;
  acceptedPerSec: number;
  ackP50Ms: number;
  ackP99Ms: number;
  ackP999Ms: number;
  deliveredPerSec: number;
  e2eP50Ms: number;
  e2eP99Ms: number;
  /** Latency of the destinations/sources a scenario watches beside the main ones. */
  watched?: { label: string; e2eP50Ms: number; e2eP99Ms: number; effects: number };
  cpuSecondsPer1000: Record<ServiceName, number> & { total: number };
  /**
   * Beside the services, per 1,000 acknowledged webhooks: the broker, the database
   * server (postmaster and backends), this driver (traffic and sink), and the whole
   * machine (every core's busy time, whoever spent it).
   */
  otherCpuSecondsPer1000: { kafka: number; postgres: number; driver: number; machine: number };
  /** The bench database's committed transactions and rows written, per acknowledged webhook. */
  databasePerWebhook: { commits: number; rowsWritten: number };
  tally: Tally;
  statuses: Record<string, number>;
}

export interface ScenarioContext {
  stack: ServiceStack;
  sink: RecordingSink;
  traffic: Traffic;
  databaseUrl: string;
  drainTimeoutMs: number;
  /** The broker's and the database server's pids (their launchers know them). */
  kafkaPid: number;
  postgresPid: number;
}

export interface ScenarioPlan {
  name: string;
  rate: number;
  seconds: number;
  concurrency: number;
  /** The i-th webhook of the run (`run` is unique to the scenario). */
  next: (index: number, run: string) => EventSpec;
  /** Destinations whose latency is reported apart (a fast one beside a slow one…). */
  watch?: { label: string; destinations: string[]; customer?: string };
}

/** Runs one scenario: offer, wait until every acknowledged webhook is terminal, measure. */
export async function runScenario(
  context: ScenarioContext,
  plan: ScenarioPlan,
): Promise<ScenarioResult> {
  const { stack, sink, traffic } = context;
  const run = `${plan.name.replace(/[^a-z0-9]+/gi, '')}_${randomBytes(3).toString('hex')}`;
  const prefix = (id: string) => id.includes(`_${run}_`);
  const statusesBefore = new Map(traffic.statuses);
  const cpuBefore = stack.samples();
  const otherBefore = otherCpu(context);
  const databaseBefore = await databaseCounters(context.databaseUrl);
  const started = Date.now();
  await traffic.offer({
    rate: plan.rate,
    concurrency: plan.concurrency,
    until: () => Date.now() - started >= plan.seconds * 1_000,
    next: (index) => plan.next(index, run),
  });
  const offeredFor = (Date.now() - started) / 1_000;
  const events = () => [...traffic.events.values()].filter((event) => prefix(event.id));
  const tally = await settle(events, sink, context.databaseUrl, context.drainTimeoutMs);
  const cpuAfter = stack.samples();
  const otherAfter = otherCpu(context);
  const databaseAfter = await databaseCounters(context.databaseUrl);
  const mine = events();
  const acked = mine.filter((event) => event.ackedAt !== undefined);
  const ackLatencies = acked.map((event) => event.ackMs ?? 0);
  const delivery = deliveryLatencies(mine, sink, plan.watch);
  const services = Object.keys(cpuAfter) as ServiceName[];
  const perWebhook = (count: number) => (acked.length === 0 ? Number.NaN : count / acked.length);
  const per1000 = (seconds: number) =>
    acked.length === 0 ? Number.NaN : (1_000 * seconds) / acked.length;
  const cpu = Object.fromEntries(
    services.map((service) => [
      service,
      per1000(cpuAfter[service].cpuSeconds - cpuBefore[service].cpuSeconds),
    ]),
  ) as Record<ServiceName, number>;
  const statuses: Record<string, number> = {};
  for (const [status, count] of traffic.statuses)
    if (count - (statusesBefore.get(status) ?? 0) > 0)
      statuses[status] = count - (statusesBefore.get(status) ?? 0);
  return {
    name: plan.name,
    offeredPerSec: plan.rate,
    acceptedPerSec: acked.length / offeredFor,
    ackP50Ms: percentile(ackLatencies, 50),
    ackP99Ms: percentile(ackLatencies, 99),
    ackP999Ms: percentile(ackLatencies, 99.9),
    deliveredPerSec: delivery.main.count / ((delivery.main.last - started) / 1_000),
    e2eP50Ms: percentile(delivery.main.latencies, 50),
    e2eP99Ms: percentile(delivery.main.latencies, 99),
    ...(plan.watch && delivery.watched
      ? {
          watched: {
            label: plan.watch.label,
            e2eP50Ms: percentile(delivery.watched.latencies, 50),
            e2eP99Ms: percentile(delivery.watched.latencies, 99),
            effects: delivery.watched.count,
          },
        }
      : {}),
    cpuSecondsPer1000: { ...cpu, total: Object.values(cpu).reduce((sum, value) => sum + value, 0) },
    otherCpuSecondsPer1000: {
      kafka: per1000(otherAfter.kafka - otherBefore.kafka),
      postgres: per1000(otherAfter.postgres - otherBefore.postgres),
      driver: per1000(otherAfter.driver - otherBefore.driver),
      machine: per1000(otherAfter.machine - otherBefore.machine),
    },
    databasePerWebhook: {
      commits: perWebhook(databaseAfter.commits - databaseBefore.commits),
      rowsWritten: perWebhook(databaseAfter.rowsWritten - databaseBefore.rowsWritten),
    },
    tally,
    statuses,
  };
}

/** CPU seconds so far of the broker, the database server, this process and the machine (NaN: not readable). */
function otherCpu(context: ScenarioContext) {
  const tree = (pid: number) => {
    try {
      return processTreeCpuSeconds(pid);
    } catch {
      return Number.NaN;
    }
  };
  const own = process.cpuUsage();
  return {
    kafka: tree(context.kafkaPid),
    postgres: tree(context.postgresPid),
    driver: (own.user + own.system) / 1e6,
    machine: machineBusySeconds(),
  };
}

/**
 * Transactions committed and rows written in the bench database so far (PostgreSQL's
 * cumulative statistics; a backend reports within a second or so, and the scenario
 * settles for longer than that).
 */
async function databaseCounters(
  databaseUrl: string,
): Promise<{ commits: number; rowsWritten: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await client.query<{ commits: string; written: string }>(
      `SELECT xact_commit AS commits, tup_inserted + tup_updated + tup_deleted AS written
         FROM pg_stat_database WHERE datname = current_database()`,
    );
    return {
      commits: Number(rows[0]?.commits ?? NaN),
      rowsWritten: Number(rows[0]?.written ?? NaN),
    };
  } finally {
    await client.end();
  }
}

interface Latencies {
  latencies: number[];
  count: number;
  last: number;
}

/** Request → delivery for each first effect, the watched destinations apart. */
function deliveryLatencies(
  events: SentEvent[],
  sink: RecordingSink,
  watch: ScenarioPlan['watch'],
): { main: Latencies; watched?: Latencies } {
  const main: Latencies = { latencies: [], count: 0, last: 0 };
  const watched: Latencies = { latencies: [], count: 0, last: 0 };
  for (const event of events) {
    for (const destination of event.destinations) {
      const first = sink.effectsOf(destination, event.key)[0];
      if (!first) continue;
      const isWatched =
        watch !== undefined &&
        watch.destinations.includes(destination) &&
        (watch.customer === undefined || watch.customer === event.customer);
      const bucket = isWatched ? watched : main;
      bucket.latencies.push(first.at - event.firstSentAt);
      bucket.count += 1;
      bucket.last = Math.max(bucket.last, first.at);
    }
  }
  return watch ? { main, watched } : { main };
}
