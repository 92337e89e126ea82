import { Controller, Get, Inject } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  type HealthIndicatorFunction,
  HealthIndicatorService,
} from '@nestjs/terminus';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config.js';
import { type Dependency } from '../dependencies/dependency.js';
import { DependencySupervisor } from '../dependencies/dependency-supervisor.js';
import { ConsumerStarter } from '../pipeline/consumer-starter.service.js';

/**
 * `/health/live`: the process runs and its event loop turns (restart it if not).
 * `/health/ready`: every dependency answers now (route traffic to it only if so).
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly supervisor: DependencySupervisor,
    private readonly consumers: ConsumerStarter,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  @Get('live')
  live(): { status: 'ok'; service: string; instanceId: string; uptimeSeconds: number } {
    return {
      status: 'ok',
      service: this.config.service,
      instanceId: this.config.instanceId,
      uptimeSeconds: Math.round(process.uptime()),
    };
  }

  @Get('ready')
  @HealthCheck({ noCache: true })
  ready() {
    const checks: HealthIndicatorFunction[] = this.supervisor.all.map(
      (dependency) => () => this.probe(dependency),
    );
    if (this.consumers.planned > 0) checks.push(() => this.consumersRunning());
    return this.health.check(checks);
  }

  private consumersRunning() {
    const session = this.indicators.check('consumers');
    const { state, planned, lastError } = this.consumers;
    return state === 'running'
      ? session.up({ consumers: planned })
      : session.down({ message: lastError ?? state, consumers: planned });
  }

  private probe(dependency: Dependency) {
    const session = this.indicators.check(dependency.name);
    const status = this.supervisor.status(dependency.name);
    if (status?.state !== 'connected' || !dependency.isConnected) {
      const reason =
        status?.state === 'connecting'
          ? (status.lastError ?? 'connecting')
          : (status?.state ?? 'unknown');
      return session.down({ message: reason });
    }
    return session
      .attempt(async () => {
        await dependency.ping();
      })
      .withTimeout(this.config.readiness.checkTimeoutMs);
  }
}
