import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  Optional,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { backOff } from 'exponential-backoff';
import { DEPENDENCIES, type Dependency, type DependencyStatus } from './dependency.js';

export interface ReconnectPolicy {
  startingDelayMs: number;
  maxDelayMs: number;
}

export const RECONNECT_POLICY = Symbol('RECONNECT_POLICY');

/** What holds writes for the dependencies and must flush them before they close. */
export interface Flushable {
  flush(): Promise<void>;
}

export const FLUSH_BEFORE_CLOSE = Symbol('FLUSH_BEFORE_CLOSE');

/**
 * Connects every dependency in the background with capped exponential backoff and
 * jitter, so a service starts, serves /health/live and reports not-ready while Kafka or
 * PostgreSQL are away, and becomes ready once they are up without a restart.
 */
@Injectable()
export class DependencySupervisor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DependencySupervisor.name);
  private readonly statuses = new Map<string, DependencyStatus>();
  private readonly connected: Promise<void>;
  private markConnected!: () => void;
  private stopping = false;

  constructor(
    @Inject(DEPENDENCIES) private readonly dependencies: Dependency[],
    @Inject(RECONNECT_POLICY) private readonly policy: ReconnectPolicy,
    @Optional()
    @Inject(FLUSH_BEFORE_CLOSE)
    private readonly flushers: readonly Flushable[] = [],
  ) {
    this.connected = new Promise((resolve) => (this.markConnected = resolve));
    for (const dependency of dependencies)
      this.statuses.set(dependency.name, { state: 'connecting', attempts: 0 });
  }

  onApplicationBootstrap(): void {
    void Promise.all(this.dependencies.map((dependency) => this.keepConnecting(dependency))).then(
      () => !this.stopping && this.markConnected(),
    );
  }

  /** Resolves once every dependency has connected (never, if the service stops first). */
  whenConnected(): Promise<void> {
    return this.connected;
  }

  status(name: string): DependencyStatus | undefined {
    return this.statuses.get(name);
  }

  get all(): readonly Dependency[] {
    return this.dependencies;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    // Consumers and the HTTP server have stopped by now; what they left buffered goes out.
    await Promise.allSettled(this.flushers.map((flusher) => flusher.flush()));
    await Promise.allSettled(
      this.dependencies.map(async (dependency) => {
        await dependency.close();
        this.statuses.set(dependency.name, { state: 'closed' });
      }),
    );
  }

  private async keepConnecting(dependency: Dependency): Promise<void> {
    try {
      await backOff(() => dependency.connect(), {
        numOfAttempts: Number.MAX_SAFE_INTEGER,
        startingDelay: this.policy.startingDelayMs,
        maxDelay: this.policy.maxDelayMs,
        jitter: 'full',
        delayFirstAttempt: false,
        retry: (error: unknown, attempt: number) => {
          const reason = error instanceof Error ? error.message : String(error);
          this.statuses.set(dependency.name, {
            state: 'connecting',
            attempts: attempt,
            lastError: reason,
          });
          // First failure, then every tenth: enough to see why without flooding the log.
          if (attempt === 1 || attempt % 10 === 0) {
            this.logger.warn(
              `${dependency.name} unavailable (attempt ${attempt}), retrying: ${reason}`,
            );
          }
          return !this.stopping;
        },
      });
    } catch {
      return; // only reached when stopping
    }
    if (this.stopping) {
      await dependency.close();
      return;
    }
    this.statuses.set(dependency.name, { state: 'connected', since: new Date() });
    this.logger.log(`${dependency.name} connected`);
  }
}
