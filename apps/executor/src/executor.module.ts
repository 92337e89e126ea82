import { type DynamicModule, Module } from '@nestjs/common';
import { RuntimeModule, type ServiceConfig } from '@hookline/runtime';

@Module({})
export class ExecutorModule {
  static register(config: ServiceConfig): DynamicModule {
    return { module: ExecutorModule, imports: [RuntimeModule.forService(config)] };
  }
}
