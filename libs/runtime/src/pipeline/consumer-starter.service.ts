import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { declareTopology } from '@hookline/contracts';
import { backOff } from 'exponential-backoff';
import {
  KafkaConnection,
  KafkaConsumers,
  provisionTopics,
  type ConsumerLauncher,
  type ConsumerPlan,
  type TopicHandler,
} from '@hookline/kafka';
import { SERVICE_CONFIG, type ServiceConfig } from '../config/service-config.js';
import { DependencySupervisor } from '../dependencies/dependency-supervisor.js';

export type ConsumersState = 'none' | 'waiting' | 'running' | 'stopped';

/**
 * Starts the consumers of the service's `@EventPattern` handlers (handed over by the
 * Kafka transport when it listens) once Kafka and PostgreSQL are connected, after
 * provisioning any topics their own retry tiers need; stops them before the connections
 * close, so in-flight records finish and their offsets are committed.
 */
@Injectable()
export class ConsumerStarter implements ConsumerLauncher, BeforeApplicationShutdown {
  private readonly logger = new Logger(ConsumerStarter.name);
  private plans: ConsumerPlan<unknown>[] = [];
  private starting: Promise<void> | undefined;
  state: ConsumersState = 'none';
  lastError: string | undefined;

  constructor(
    private readonly consumers: KafkaConsumers,
    private readonly kafka: KafkaConnection,
    private readonly supervisor: DependencySupervisor,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  launch(handlers: readonly TopicHandler<unknown>[]): void {
    this.plans = this.consumers.plans(handlers, this.config.service, this.config.kafka.retryTiers);
    if (this.plans.length === 0) return;
    this.state = 'waiting';
    this.starting = this.supervisor.whenConnected().then(() => this.start());
  }

  get planned(): number {
    return this.plans.length;
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  async stop(): Promise<void> {
    if (this.state === 'none') return;
    this.state = 'stopped';
    await this.starting?.catch(() => undefined);
    await this.consumers.stop();
  }

  private async start(): Promise<void> {
    const { topology } = this.config.kafka;
    const template = {
      partitions: topology.partitions,
      replicationFactor: topology.replicationFactor,
      configs: {
        'cleanup.policy': 'delete',
        'retention.ms': String(topology.retentionMs),
        'min.insync.replicas': String(topology.minInsyncReplicas),
      },
    };
    try {
      await backOff(
        async () => {
          if (this.state === 'stopped') return;
          // The declared topology is provisioned when Kafka connects; only topics the
          // handlers add (their own retry tiers) are created here.
          const declared = new Set(declareTopology(topology).map((topic) => topic.name));
          const extra = KafkaConsumers.topicsOf(this.plans, template).filter(
            (topic) => !declared.has(topic.name),
          );
          await provisionTopics(this.kafka.getAdmin(), extra, this.logger);
          // A fresh broker creates and loads its group coordinator on first use, slowly on
          // a busy machine; a kafkajs consumer that finds none crashes for good (it does
          // not restart on GroupCoordinatorNotFound). Start only once it answers for
          // every group; until then this attempt fails and is retried.
          await this.kafka.getAdmin().describeGroups(this.plans.map((plan) => plan.groupId));
          await this.consumers.start(this.plans, this.kafka.producer);
          if (this.state === 'waiting') this.state = 'running';
        },
        {
          numOfAttempts: Number.MAX_SAFE_INTEGER,
          startingDelay: 500,
          maxDelay: 10_000,
          jitter: 'full',
          retry: (error: unknown, attempt: number) => {
            this.lastError = error instanceof Error ? error.message : String(error);
            this.logger.warn(
              `consumers did not start (attempt ${attempt}), retrying: ${this.lastError}`,
            );
            void this.consumers.stop();
            return this.state !== 'stopped';
          },
        },
      );
    } catch {
      // Only when stopping.
    }
  }
}
