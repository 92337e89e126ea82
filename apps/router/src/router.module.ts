import { type DynamicModule, Module } from '@nestjs/common';
import { HooklineConfigModule, RuntimeModule, type ServiceConfig } from '@hookline/runtime';
import { EventsHandler } from './routing/events.handler.js';

@Module({})
export class RouterModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: RouterModule,
      imports: [RuntimeModule.forService(config), HooklineConfigModule],
      controllers: [EventsHandler],
    };
  }
}
