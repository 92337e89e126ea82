import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { ConfigWatcher, mirrorConfig, type HooklineConfig } from '@hookline/config';
import { DatabaseConnection } from '@hookline/persistence';
import { DependencySupervisor } from '../dependencies/dependency-supervisor.js';
import { SERVICE_CONFIG, type ServiceConfig } from './service-config.js';

/**
 * The live `hookline.yaml`: loaded at start (an invalid file stops the service), then
 * reloaded on change or SIGHUP, keeping the old configuration when the new one is
 * invalid. Every configuration in force is mirrored into PostgreSQL so the other
 * services and the console see the same truth.
 */
@Injectable()
export class HooklineConfigService
  implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger(HooklineConfigService.name);
  private readonly watcher: ConfigWatcher;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly database: DatabaseConnection,
    private readonly supervisor: DependencySupervisor,
  ) {
    // The environment is where `env:NAME` secrets of the file are resolved from.
    this.watcher = new ConfigWatcher({
      path: config.configPath,
      env: process.env,
      logger: this.logger,
    });
  }

  get current(): HooklineConfig {
    return this.watcher.current;
  }

  get rejectedReloads(): number {
    return this.watcher.rejectedReloads;
  }

  onChange(listener: (next: HooklineConfig) => void): () => void {
    return this.watcher.onChange(listener);
  }

  onModuleInit(): void {
    this.watcher.start();
    this.logger.log(`configuration loaded from ${this.config.configPath}`);
  }

  onApplicationBootstrap(): void {
    const mirror = (config: HooklineConfig) =>
      void mirrorConfig(this.database.get(), config, this.config.instanceId).then(
        (result) => this.logger.log(`configuration revision ${result.revision} in force`),
        (error: unknown) =>
          this.logger.warn(`could not mirror the configuration: ${String(error)}`),
      );
    void this.supervisor.whenConnected().then(() => {
      mirror(this.watcher.current);
      this.watcher.onChange((next) => mirror(next));
    });
  }

  onApplicationShutdown(): void {
    this.watcher.stop();
  }
}
