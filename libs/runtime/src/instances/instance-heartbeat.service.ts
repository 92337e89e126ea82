import { hostname } from 'node:os';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ServiceInstanceRepository } from '@hookline/persistence';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config.js';
import { DependencySupervisor } from '../dependencies/dependency-supervisor.js';

/** Keeps this process's row in `service_instances` fresh while it runs. */
@Injectable()
export class InstanceHeartbeat implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(InstanceHeartbeat.name);
  private readonly startedAt = new Date();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** The heartbeat under way, if any: shutdown waits for it (see beforeApplicationShutdown). */
  private beating: Promise<void> | undefined;

  constructor(
    private readonly instances: ServiceInstanceRepository,
    private readonly supervisor: DependencySupervisor,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    void this.supervisor.whenConnected().then(async () => {
      if (this.stopped) return;
      await this.beat();
      // Stopped while the first heartbeat was under way: no more of them.
      if (this.stopped) return;
      this.timer = setInterval(() => void this.beat(), this.config.readiness.heartbeatMs);
      this.timer.unref();
    });
  }

  /**
   * Runs before the database closes, so the row says the instance stopped cleanly. A
   * heartbeat still under way is awaited first: its upsert clears `stopped_at`, and
   * landing after the stop mark it would leave a stopped instance looking alive.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.beating;
    await this.instances.markStopped(this.config.instanceId).catch(() => undefined);
  }

  private beat(): Promise<void> {
    this.beating = this.sendBeat();
    return this.beating;
  }

  private async sendBeat(): Promise<void> {
    try {
      await this.instances.heartbeat({
        instanceId: this.config.instanceId,
        service: this.config.service,
        hostname: hostname(),
        pid: process.pid,
        version: this.config.version,
        startedAt: this.startedAt,
      });
    } catch (error) {
      this.logger.warn(
        `heartbeat failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
