import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { latestRevision, Timeline } from '@hookline/config';
import { parseDuration } from '@hookline/contracts';
import { ServiceMetrics } from '@hookline/observability';
import {
  DatabaseConnection,
  EVENT_TIMELINE_REPOSITORY,
  type EventTimelineRepository,
} from '@hookline/persistence';
import { DependencySupervisor, SERVICE_CONFIG, type ServiceConfig } from '@hookline/runtime';

/** Rows per DELETE, and DELETEs per sweep: a sweep never holds the table for long. */
const DELETE_BATCH = 5_000;
const BATCHES_PER_SWEEP = 20;

/**
 * Deletes timeline entries older than `timeline.retention`, periodically, in bounded
 * batches. The retention is the one in the configuration in force (the revision the
 * services mirror into PostgreSQL; 30d before any is), so a reload takes effect at the
 * next sweep without the replay service reading the file.
 */
@Injectable()
export class TimelineRetention implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(TimelineRetention.name);
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<number> | undefined;
  private stopped = false;
  private readonly deleted;

  constructor(
    @Inject(EVENT_TIMELINE_REPOSITORY) private readonly timeline: EventTimelineRepository,
    private readonly database: DatabaseConnection,
    private readonly supervisor: DependencySupervisor,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    metrics: ServiceMetrics,
  ) {
    this.deleted = metrics.counter(
      'hookline_timeline_entries_deleted_total',
      'Timeline entries deleted because they are older than timeline.retention',
      [],
    );
  }

  onApplicationBootstrap(): void {
    void this.supervisor.whenConnected().then(() => {
      if (this.stopped) return;
      void this.sweepNow();
      this.timer = setInterval(() => void this.sweepNow(), this.config.timeline.sweepIntervalMs);
      this.timer.unref();
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.sweeping?.catch(() => undefined);
  }

  /** One sweep (or the one under way): answers how many entries it deleted. */
  sweepNow(): Promise<number> {
    this.sweeping ??= this.sweep()
      .catch((error: unknown) => {
        this.logger.warn(
          `timeline retention sweep failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        return 0;
      })
      .finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  /** The retention in force: the mirrored configuration's, else the default. */
  async retentionMs(): Promise<number> {
    const document = (await latestRevision(this.database.get()))?.document as
      { timeline?: unknown } | undefined;
    const parsed = Timeline.safeParse(document?.timeline ?? {});
    return parseDuration(parsed.success ? parsed.data.retention : Timeline.parse({}).retention);
  }

  private async sweep(): Promise<number> {
    const cutoff = new Date(Date.now() - (await this.retentionMs()));
    let total = 0;
    for (let batch = 0; batch < BATCHES_PER_SWEEP && !this.stopped; batch += 1) {
      const count = await this.timeline.deleteOccurredBefore(cutoff, DELETE_BATCH);
      total += count;
      this.deleted.inc(count);
      if (count < DELETE_BATCH) break;
    }
    if (total > 0)
      this.logger.log(`deleted ${total} timeline entries older than ${cutoff.toISOString()}`);
    return total;
  }
}
