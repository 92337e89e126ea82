import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { declareTopology } from '@hookline/contracts';
import kafkajs, { type Admin, type Kafka as KafkaClient } from 'kafkajs';
import { assertBrokersCompatible } from './compatibility/broker-compatibility.js';
import { kafkaLogCreator } from './kafka-log.js';
import { KAFKA_OPTIONS, type KafkaOptions } from './kafka.options.js';
import { HooklineProducer } from './producer/hookline-producer.js';
import { type ProducerMetrics } from './producer/producer-options.js';
import { provisionTopics } from './topology/topic-provisioner.js';

const { Kafka, logLevel, CompressionTypes } = kafkajs;

/** The producer's figures (batches, records, bytes, send time, failures); optional. */
export const PRODUCER_METRICS = Symbol('PRODUCER_METRICS');

/**
 * The service's Kafka client, admin connection and producer. `connect` is idempotent
 * and safe to retry (the caller owns the retry policy, so kafkajs's own retries are
 * kept short): it reaches the cluster, checks that every broker takes the request
 * versions kafkajs will send (failing with one line naming the request and both ranges
 * if not), provisions the declared topology (creating what is missing, reporting drift)
 * and opens the producer.
 */
@Injectable()
export class KafkaConnection {
  readonly name = 'kafka';
  private readonly logger = new Logger(KafkaConnection.name);
  readonly client: KafkaClient;
  readonly producer: HooklineProducer;
  private admin: Admin | undefined;

  constructor(
    @Inject(KAFKA_OPTIONS) readonly options: KafkaOptions,
    @Optional() @Inject(PRODUCER_METRICS) producerMetrics?: ProducerMetrics,
  ) {
    this.client = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      connectionTimeout: options.connectionTimeoutMs,
      requestTimeout: options.requestTimeoutMs,
      retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 2_000 },
      logLevel: logLevel.WARN,
      logCreator: kafkaLogCreator(this.logger),
    });
    this.producer = new HooklineProducer(this.client, {
      topicPrefix: options.topicPrefix,
      compression:
        options.producer.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
      lingerMs: options.producer.lingerMs,
      ...(producerMetrics ? { metrics: producerMetrics } : {}),
    });
  }

  async connect(): Promise<void> {
    if (this.admin) return;
    const admin = this.client.admin();
    try {
      await admin.connect();
      const { brokers } = await admin.describeCluster();
      await assertBrokersCompatible(brokers, {
        clientId: this.options.clientId,
        timeoutMs: this.options.requestTimeoutMs,
      });
      const report = await provisionTopics(
        admin,
        declareTopology(this.options.topology),
        this.logger,
      );
      if (report.created.length > 0)
        this.logger.log(`created topics: ${report.created.join(', ')}`);
      await this.producer.connect();
      this.admin = admin;
    } catch (error) {
      await admin.disconnect().catch(() => undefined);
      throw error;
    }
  }

  /** Throws unless the cluster answers a metadata request. */
  async ping(): Promise<{ brokers: number; controller: number | null }> {
    const cluster = await this.getAdmin().describeCluster();
    return { brokers: cluster.brokers.length, controller: cluster.controller };
  }

  get isConnected(): boolean {
    return this.admin !== undefined;
  }

  getAdmin(): Admin {
    if (!this.admin) throw new Error('Kafka is not connected yet');
    return this.admin;
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await this.producer.disconnect().catch(() => undefined);
    await admin?.disconnect();
  }
}
