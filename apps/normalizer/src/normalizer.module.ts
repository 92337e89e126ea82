import { type DynamicModule, Module } from '@nestjs/common';
import { HooklineConfigModule, RuntimeModule, type ServiceConfig } from '@hookline/runtime';
import { IngestedHandler } from './events/ingested.handler.js';
import { NormalizerMetrics } from './events/normalizer-metrics.js';
import { WebhookNormalizer } from './events/webhook-normalizer.service.js';
import { HydrationMetrics } from './hydration/hydration-metrics.js';
import { WebhookHydration } from './hydration/webhook-hydration.service.js';

@Module({})
export class NormalizerModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: NormalizerModule,
      imports: [RuntimeModule.forService(config), HooklineConfigModule],
      controllers: [IngestedHandler],
      providers: [WebhookNormalizer, NormalizerMetrics, WebhookHydration, HydrationMetrics],
    };
  }
}
