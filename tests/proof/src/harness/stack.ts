import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SERVICE_NAMES, type ServiceName } from '@hookline/contracts';
import { freePort, type RunningChild, startChild, waitForReady } from '@hookline/testing';
import { processSample, type ProcessSample } from './proc.js';

export interface StackOptions {
  /** The folder holding the compiled services (`<root>/apps/<service>/src/main.js`). */
  compiledRoot: string;
  configPath: string;
  kafkaBrokers: string;
  databaseUrl: string;
  topicPrefix: string;
  /** Fixed ports (ingest first, then the order of SERVICE_NAMES); free ones otherwise. */
  portBase?: number;
  env?: Record<string, string>;
  readyTimeoutMs?: number;
  /** A folder for each service's V8 CPU profile (`<dir>/<service>/*.cpuprofile`, at exit). */
  cpuProfileDir?: string;
}

interface Running {
  child: RunningChild;
  port: number;
  /** Peak RSS (MiB) and CPU seconds of earlier incarnations (restarts), kept for the totals. */
  pastCpuSeconds: number;
  pastPeakRssMb: number;
}

/**
 * The five services as separate processes, as `npm start` runs them, on one topic prefix
 * and one database: each can be SIGKILLed and started again on the same port.
 */
export class ServiceStack {
  private readonly running = new Map<ServiceName, Running>();

  private constructor(private readonly options: StackOptions) {}

  static async start(options: StackOptions): Promise<ServiceStack> {
    const stack = new ServiceStack(options);
    try {
      for (const [index, service] of SERVICE_NAMES.entries()) {
        const port = options.portBase ? options.portBase + index : await freePort();
        stack.running.set(service, {
          child: stack.spawn(service, port),
          port,
          pastCpuSeconds: 0,
          pastPeakRssMb: 0,
        });
      }
      await Promise.all(SERVICE_NAMES.map((service) => stack.waitReady(service)));
    } catch (error) {
      await stack.stop();
      throw error;
    }
    return stack;
  }

  url(service: ServiceName): string {
    return `http://127.0.0.1:${this.entry(service).port}`;
  }

  pid(service: ServiceName): number {
    const pid = this.entry(service).child.child.pid;
    if (pid === undefined) throw new Error(`${service} has no process`);
    return pid;
  }

  /** SIGKILL (a crash): resolves once the process is gone. */
  async kill(service: ServiceName): Promise<void> {
    const entry = this.entry(service);
    const last = processSample(this.pid(service));
    entry.pastCpuSeconds += last.cpuSeconds;
    entry.pastPeakRssMb = Math.max(entry.pastPeakRssMb, last.peakRssMb);
    entry.child.child.kill('SIGKILL');
    await entry.child.exited;
  }

  /** Starts a killed service again on its port and waits until it is ready. */
  async restart(service: ServiceName): Promise<void> {
    const entry = this.entry(service);
    entry.child = this.spawn(service, entry.port);
    await this.waitReady(service);
  }

  /** CPU seconds (all incarnations) and RSS now / peak of every service. */
  samples(): Record<ServiceName, ProcessSample> {
    const out = {} as Record<ServiceName, ProcessSample>;
    for (const service of SERVICE_NAMES) {
      const entry = this.entry(service);
      const now = processSample(this.pid(service));
      out[service] = {
        cpuSeconds: entry.pastCpuSeconds + now.cpuSeconds,
        rssMb: now.rssMb,
        peakRssMb: Math.max(entry.pastPeakRssMb, now.peakRssMb),
      };
    }
    return out;
  }

  /** A service's Prometheus text. */
  async metrics(service: ServiceName): Promise<string> {
    const response = await fetch(`${this.url(service)}/metrics`);
    return response.text();
  }

  /** SIGTERM to every service; resolves once all are gone (SIGKILL after 30 s). */
  async stop(): Promise<void> {
    await Promise.all(
      [...this.running.values()].map(async ({ child }) => {
        if (child.child.exitCode !== null || child.child.signalCode !== null) return;
        child.child.kill('SIGTERM');
        const timer = setTimeout(() => child.child.kill('SIGKILL'), 30_000);
        await child.exited;
        clearTimeout(timer);
      }),
    );
  }

  private entry(service: ServiceName): Running {
    const entry = this.running.get(service);
    if (!entry) throw new Error(`${service} is not part of this stack`);
    return entry;
  }

  private spawn(service: ServiceName, port: number): RunningChild {
    const { options } = this;
    return startChild(
      join(options.compiledRoot, `apps/${service}/src/main.js`),
      {
        HOOKLINE_CONFIG: options.configPath,
        HOOKLINE_TOPIC_PREFIX: options.topicPrefix,
        HOOKLINE_TOPIC_PARTITIONS: '3',
        HOOKLINE_TOPIC_REPLICATION_FACTOR: '1',
        HOOKLINE_TOPIC_MIN_INSYNC_REPLICAS: '1',
        KAFKA_BROKERS: options.kafkaBrokers,
        DATABASE_URL: options.databaseUrl,
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'error',
        OTEL_SDK_DISABLED: 'true',
        ...options.env,
      },
      [],
      options.cpuProfileDir
        ? ['--cpu-prof', `--cpu-prof-dir=${join(options.cpuProfileDir, service)}`]
        : [],
    );
  }

  private async waitReady(service: ServiceName): Promise<void> {
    const timeoutMs = this.options.readyTimeoutMs ?? 120_000;
    const entry = this.entry(service);
    const exited = entry.child.exited.then(({ code, signal }) => {
      throw new Error(`${service} exited (${code ?? signal}) before it was ready`);
    });
    const ready = waitForReady(this.url(service), timeoutMs).then((state) => {
      if (!state.ready)
        throw new Error(`${service} not ready after ${timeoutMs} ms: ${JSON.stringify(state)}`);
    });
    exited.catch(() => undefined);
    await Promise.race([ready, exited]);
    await sleep(0);
  }
}
