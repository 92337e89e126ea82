import { type DynamicModule, Module } from '@nestjs/common';
import { RuntimeModule, type ServiceConfig } from '@hookline/runtime';

@Module({})
export class ReplayModule {
  static register(config: ServiceConfig): DynamicModule {
    return { module: ReplayModule, imports: [RuntimeModule.forService(config)] };
  }
}
