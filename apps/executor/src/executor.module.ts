import { type DynamicModule, Module } from '@nestjs/common';
import { HooklineConfigModule, RuntimeModule, type ServiceConfig } from '@hookline/runtime';
import { DeliveriesHandler } from './delivery/deliveries.handler.js';

@Module({})
export class ExecutorModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: ExecutorModule,
      imports: [RuntimeModule.forService(config), HooklineConfigModule],
      controllers: [DeliveriesHandler],
    };
  }
}
