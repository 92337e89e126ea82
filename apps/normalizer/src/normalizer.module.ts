import { type DynamicModule, Module } from '@nestjs/common';
import { RuntimeModule, type ServiceConfig } from '@hookline/runtime';
import { IngestedHandler } from './events/ingested.handler.js';

@Module({})
export class NormalizerModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: NormalizerModule,
      imports: [RuntimeModule.forService(config)],
      controllers: [IngestedHandler],
    };
  }
}
