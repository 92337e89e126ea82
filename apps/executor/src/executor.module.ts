import { type DynamicModule, Module } from '@nestjs/common';
import { KafkaConnection } from '@hookline/kafka';
import { DestinationCircuits, DestinationKinds, EgressPolicy } from '@hookline/destinations';
import {
  HooklineConfigModule,
  HooklineConfigService,
  RuntimeModule,
  type ServiceConfig,
} from '@hookline/runtime';
import { DeliveriesHandler } from './delivery/deliveries.handler.js';
import { DeliveryExecutor } from './delivery/delivery-executor.service.js';
import { DeliverySlo } from './delivery/delivery-slo.js';
import { DeliveryTimeline } from './delivery/delivery-timeline.js';
import { ExecutorMetrics } from './delivery/executor-metrics.js';
import { DestinationLifecycle } from './destinations/destination-lifecycle.service.js';
import { DestinationsController } from './destinations/destinations.controller.js';

@Module({})
export class ExecutorModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: ExecutorModule,
      imports: [RuntimeModule.forService(config), HooklineConfigModule],
      controllers: [DestinationsController, DeliveriesHandler],
      providers: [
        DestinationLifecycle,
        ExecutorMetrics,
        {
          provide: DestinationKinds,
          // The allowlist is read on every check, so a reload takes effect at once.
          useFactory: (hookline: HooklineConfigService, kafka: KafkaConnection) =>
            new DestinationKinds(new EgressPolicy(() => hookline.current.egress.allow), (record) =>
              kafka.producer.sendRaw({ ...record, value: Buffer.from(record.value) }),
            ),
          inject: [HooklineConfigService, KafkaConnection],
        },
        {
          provide: DestinationCircuits,
          useFactory: (metrics: ExecutorMetrics) =>
            new DestinationCircuits((destination, state) =>
              metrics.circuit.set({ destination }, state === 'closed' ? 0 : 1),
            ),
          inject: [ExecutorMetrics],
        },
        DeliveryExecutor,
        DeliverySlo,
        DeliveryTimeline,
      ],
    };
  }
}
