import { type DynamicModule, Module } from '@nestjs/common';
import { RuntimeModule, type ServiceConfig } from '@hookline/runtime';

@Module({})
export class IngestModule {
  static register(config: ServiceConfig): DynamicModule {
    return { module: IngestModule, imports: [RuntimeModule.forService(config)] };
  }
}
