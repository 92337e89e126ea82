import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { CONSUMER_METRICS, KafkaConnection, KafkaModule, PRODUCER_METRICS } from '@hookline/kafka';
import {
  MetricsController,
  PrometheusConsumerMetrics,
  PrometheusProducerMetrics,
  ServiceMetrics,
  serviceLoggerModule,
} from '@hookline/observability';
import { DatabaseConnection, PersistenceModule } from '@hookline/persistence';
import { SERVICE_CONFIG, type ServiceConfig } from './config/service-config.js';
import { DEPENDENCIES } from './dependencies/dependency.js';
import {
  DependencySupervisor,
  FLUSH_BEFORE_CLOSE,
  RECONNECT_POLICY,
  type ReconnectPolicy,
} from './dependencies/dependency-supervisor.js';
import { HealthController } from './health/health.controller.js';
import { InstanceHeartbeat } from './instances/instance-heartbeat.service.js';
import { ConsumerStarter } from './pipeline/consumer-starter.service.js';
import { TimelineWriter, TIMELINE_WRITER_OPTIONS } from './timeline/timeline-writer.js';
import { TraceFlusher } from './tracing/trace-flusher.js';

const DEFAULT_RECONNECT: ReconnectPolicy = { startingDelayMs: 250, maxDelayMs: 10_000 };

/**
 * What every Hookline service has: its configuration, Kafka and PostgreSQL connections
 * kept up in the background, health endpoints, metrics, JSON logs through pino and an
 * instance heartbeat.
 */
@Module({})
export class RuntimeModule {
  static forService(
    config: ServiceConfig,
    reconnect: ReconnectPolicy = DEFAULT_RECONNECT,
  ): DynamicModule {
    return {
      module: RuntimeModule,
      global: true,
      imports: [
        serviceLoggerModule({ service: config.service, level: config.logLevel }),
        TerminusModule.forRoot({ logger: false }),
        KafkaModule.forRoot(config.kafka),
        PersistenceModule.forRoot(config.database),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: RECONNECT_POLICY, useValue: reconnect },
        { provide: ServiceMetrics, useFactory: () => new ServiceMetrics(config.service) },
        {
          provide: CONSUMER_METRICS,
          useFactory: (metrics: ServiceMetrics) => new PrometheusConsumerMetrics(metrics),
          inject: [ServiceMetrics],
        },
        {
          provide: PRODUCER_METRICS,
          useFactory: (metrics: ServiceMetrics) => new PrometheusProducerMetrics(metrics),
          inject: [ServiceMetrics],
        },
        {
          provide: DEPENDENCIES,
          useFactory: (database: DatabaseConnection, kafka: KafkaConnection) => [database, kafka],
          inject: [DatabaseConnection, KafkaConnection],
        },
        { provide: TIMELINE_WRITER_OPTIONS, useValue: config.timeline },
        TimelineWriter,
        {
          provide: FLUSH_BEFORE_CLOSE,
          useFactory: (timeline: TimelineWriter) => [timeline],
          inject: [TimelineWriter],
        },
        DependencySupervisor,
        InstanceHeartbeat,
        ConsumerStarter,
        TraceFlusher,
      ],
      exports: [
        SERVICE_CONFIG,
        DependencySupervisor,
        ServiceMetrics,
        CONSUMER_METRICS,
        PRODUCER_METRICS,
        TimelineWriter,
      ],
    };
  }
}
