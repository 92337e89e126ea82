import { setTimeout as sleep } from 'node:timers/promises';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { REPLAY_JOBS, type ReplayJob, type ReplayJobRepository } from '@hookline/persistence';
import { DependencySupervisor, SERVICE_CONFIG, type ServiceConfig } from '@hookline/runtime';
import { ReplayMetrics } from './replay-metrics.js';
import { type RunControl, ReplayRunner } from './replay-runner.js';

/** How often an idle worker looks for a job to run. */
const POLL_MS = 500;
/** A job whose runs fail this many times in a row (not a crash: an error) is marked failed. */
const MAX_RUN_ERRORS = 5;

/**
 * Claims pending jobs, and running ones whose holder stopped renewing its lease (a
 * crashed replay instance), one at a time; renews the lease while it runs the job and
 * stops it when the lease is lost or the job cancelled. On shutdown it finishes the
 * batch under way and gives the lease up so another instance can go on at once.
 */
@Injectable()
export class ReplayWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReplayWorker.name);
  private readonly owner: string;
  private readonly idle = new AbortController();
  private stopping = false;
  private current: RunControl | undefined;
  private loop: Promise<void> | undefined;
  private readonly errors = new Map<string, number>();

  constructor(
    @Inject(REPLAY_JOBS) private readonly jobs: ReplayJobRepository,
    private readonly runner: ReplayRunner,
    private readonly supervisor: DependencySupervisor,
    private readonly metrics: ReplayMetrics,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {
    this.owner = config.instanceId;
  }

  onApplicationBootstrap(): void {
    this.loop = this.supervisor.whenConnected().then(() => this.poll());
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.current) this.current.stopped = true;
    this.idle.abort();
    await this.loop;
  }

  private async poll(): Promise<void> {
    while (!this.stopping) {
      let ran = false;
      try {
        await this.refreshJobCounts();
        const job = await this.jobs.claimNext(this.owner, this.config.replay.leaseMs);
        if (job) {
          ran = true;
          await this.runJob(job);
        }
      } catch (error) {
        this.logger.warn(`replay worker: ${describe(error)}`);
      }
      if (!ran) await sleep(POLL_MS, undefined, { signal: this.idle.signal }).catch(() => {});
    }
  }

  private async runJob(job: ReplayJob): Promise<void> {
    const control: RunControl = { stopped: this.stopping };
    this.current = control;
    const { leaseMs } = this.config.replay;
    const heartbeat = setInterval(() => {
      this.jobs
        .renewLease(job.id, this.owner, leaseMs)
        .then((held) => {
          if (!held) control.stopped = true;
        })
        .catch((error: unknown) => this.logger.warn(`lease of ${job.id}: ${describe(error)}`));
    }, leaseMs / 3);
    this.logger.log(
      `running replay job ${job.id} (${job.kind}, ${job.total} records, ${job.rate}/s)`,
    );
    try {
      const outcome = await this.runner.run(job, this.owner, control);
      this.errors.delete(job.id);
      this.logger.log(`replay job ${job.id} ${outcome}`);
    } catch (error) {
      const count = (this.errors.get(job.id) ?? 0) + 1;
      this.errors.set(job.id, count);
      this.logger.warn(`replay job ${job.id} run ${count} failed: ${describe(error)}`);
      if (count >= MAX_RUN_ERRORS) {
        await this.jobs.finish(job.id, this.owner, 'failed', describe(error));
        this.errors.delete(job.id);
      } else {
        await sleep(POLL_MS * 2 ** count, undefined, { signal: this.idle.signal }).catch(() => {});
      }
    } finally {
      clearInterval(heartbeat);
      this.current = undefined;
      this.metrics.progress.remove({ job: job.id, kind: job.kind });
      // Not finished (shutdown, an error): let whoever polls next go on from the checkpoint.
      await this.jobs.renewLease(job.id, this.owner, 0).catch(() => undefined);
    }
  }

  private async refreshJobCounts(): Promise<void> {
    for (const [state, count] of Object.entries(await this.jobs.countByState()))
      this.metrics.jobs.set({ state }, count);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
