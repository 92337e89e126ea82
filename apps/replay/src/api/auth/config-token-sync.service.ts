import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type HooklineConfig } from '@hookline/config';
import { OperatorTokenRepository } from '@hookline/persistence';
import { DependencySupervisor, HooklineConfigService } from '@hookline/runtime';
import { hashSecret } from './operator-token.js';

/**
 * Keeps the `config` rows of `operator_tokens` equal to `operator.tokens` of the file:
 * once PostgreSQL is up, and on every reload (a token removed from the file stops working).
 */
@Injectable()
export class ConfigTokenSync implements OnApplicationBootstrap {
  private readonly logger = new Logger(ConfigTokenSync.name);
  private synced: Promise<void> = Promise.resolve();

  constructor(
    private readonly config: HooklineConfigService,
    private readonly tokens: OperatorTokenRepository,
    private readonly supervisor: DependencySupervisor,
  ) {}

  onApplicationBootstrap(): void {
    void this.supervisor.whenConnected().then(() => {
      this.sync(this.config.current);
      this.config.onChange((next) => this.sync(next));
    });
  }

  /** Resolves once the last sync started has finished (tests wait on it). */
  whenSynced(): Promise<void> {
    return this.synced;
  }

  private sync(config: HooklineConfig): void {
    const tokens = config.operator.tokens.map((token) => ({
      id: token.name,
      name: token.name,
      role: token.role,
      tenants: [...token.tenants],
      secretSha256: hashSecret(token.secret),
    }));
    this.synced = this.synced.then(() =>
      this.tokens.syncConfigTokens(tokens).then(
        (clashes) => {
          for (const id of clashes)
            this.logger.warn(
              `operator token "${id}" of the file not used: an API token has that id`,
            );
          this.logger.log(`${tokens.length} operator token(s) from the configuration in force`);
        },
        (error: unknown) => this.logger.warn(`could not sync operator tokens: ${String(error)}`),
      ),
    );
  }
}
