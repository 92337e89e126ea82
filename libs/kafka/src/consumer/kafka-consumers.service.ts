import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { type TopicSpec } from '@hookline/contracts';
import { KafkaConnection } from '../kafka.connection.js';
import { KAFKA_OPTIONS, type KafkaOptions } from '../kafka.options.js';
import { DEFAULT_CONSUMER_GROUP_SETTINGS } from '../kafka.options.js';
import { ConsumerLagMonitor } from './consumer-lag.js';
import { ConsumerCounters, type ConsumerMetrics } from './consumer-metrics.js';
import { planConsumer, planReplayLane } from './consumer-plan.js';
import { type ConsumerPlan, type RecordForwarder, type TopicHandler } from './consumer.types.js';
import { HooklineConsumer } from './hookline-consumer.js';

export const CONSUMER_METRICS = Symbol('CONSUMER_METRICS');

/**
 * Runs one consumer per handler that the Kafka transport collected (see
 * transport/kafka-transport.server.ts). Started by the service runtime once Kafka is
 * connected and the topics exist; stopped before the Kafka connection closes.
 */
@Injectable()
export class KafkaConsumers {
  private readonly logger = new Logger(KafkaConsumers.name);
  private readonly running: HooklineConsumer<unknown>[] = [];
  private stopLagMonitor: (() => void) | undefined;
  readonly metrics: ConsumerMetrics;

  constructor(
    private readonly kafka: KafkaConnection,
    @Inject(KAFKA_OPTIONS) private readonly options: KafkaOptions,
    @Optional() @Inject(CONSUMER_METRICS) metrics?: ConsumerMetrics,
  ) {
    this.metrics = metrics ?? new ConsumerCounters();
  }

  /** The declared handlers, resolved against this service's settings, each with its replay lane. */
  plans(
    handlers: readonly TopicHandler<unknown>[],
    service: string,
    retryTiers?: readonly string[],
  ): ConsumerPlan<unknown>[] {
    return handlers.flatMap((handler) => {
      const plan = planConsumer(handler, {
        service,
        topicPrefix: this.options.topicPrefix,
        retryTiers,
        ...(this.options.consumer ? { group: this.options.consumer } : {}),
      });
      const lane = planReplayLane(plan);
      return lane ? [plan, lane] : [plan];
    });
  }

  /** The topics the handlers need beyond the declared topology (custom tiers). */
  static topicsOf(plans: ConsumerPlan<unknown>[], template: Omit<TopicSpec, 'name'>): TopicSpec[] {
    const names = new Set(
      plans.flatMap((plan) => [
        plan.mainTopic,
        ...plan.tiers.map((tier) => tier.topic),
        plan.deadLetterTopic,
      ]),
    );
    return [...names].map((name) => ({ ...template, name }));
  }

  async start(plans: ConsumerPlan<unknown>[], forwarder: RecordForwarder): Promise<void> {
    for (const plan of plans) {
      const consumer = new HooklineConsumer(this.kafka.client, plan, forwarder, this.metrics);
      await consumer.start();
      this.running.push(consumer);
      this.logger.log(`consuming ${consumer.topics.join(', ')} as ${plan.groupId}`);
    }
    this.stopLagMonitor ??= new ConsumerLagMonitor(
      () => this.kafka.getAdmin(),
      () => this.running,
      this.metrics,
    ).every(this.options.consumer?.lagIntervalMs ?? DEFAULT_CONSUMER_GROUP_SETTINGS.lagIntervalMs);
  }

  get started(): number {
    return this.running.length;
  }

  async stop(): Promise<void> {
    this.stopLagMonitor?.();
    this.stopLagMonitor = undefined;
    await Promise.all(this.running.splice(0).map((consumer) => consumer.stop()));
  }
}
