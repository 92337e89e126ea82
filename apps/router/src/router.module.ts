import { type DynamicModule, Module } from '@nestjs/common';
import { RuntimeModule, type ServiceConfig } from '@hookline/runtime';

@Module({})
export class RouterModule {
  static register(config: ServiceConfig): DynamicModule {
    return { module: RouterModule, imports: [RuntimeModule.forService(config)] };
  }
}
