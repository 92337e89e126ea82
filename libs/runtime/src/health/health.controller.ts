import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config.js';
import { type Dependency } from '../dependencies/dependency.js';
import { DependencySupervisor } from '../dependencies/dependency-supervisor.js';

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
    return this.health.check(this.supervisor.all.map((dependency) => () => this.probe(dependency)));
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
