import { type DynamicModule, Module } from '@nestjs/common';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  HooklineConfigModule,
  RuntimeModule,
  type ServiceAppOptions,
  type ServiceConfig,
} from '@hookline/runtime';
import { IngestedPublisher } from './outbox/ingested-publisher.service.js';
import { IngestMetrics } from './webhooks/ingest-metrics.js';
import { installRawBodyParser } from './webhooks/raw-body-parser.js';
import { WebhookController } from './webhooks/webhook.controller.js';
import { WebhookIntake } from './webhooks/webhook-intake.service.js';

@Module({})
export class IngestModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: IngestModule,
      imports: [RuntimeModule.forService(config), HooklineConfigModule],
      controllers: [WebhookController],
      providers: [WebhookIntake, IngestedPublisher, IngestMetrics],
    };
  }
}

/** Ingest reads request bodies itself: byte-exact, and no further than each source's limit. */
export const ingestAppOptions: ServiceAppOptions = {
  configureHttp: (app: NestFastifyApplication) => {
    // Looked up on the first request (the app is initialised by then), not on every one.
    let intake: WebhookIntake | undefined;
    installRawBodyParser(app, (sourceId) => {
      const resolved = intake ?? app.get<WebhookIntake, WebhookIntake>(WebhookIntake);
      intake = resolved;
      return resolved.bodyLimit(sourceId);
    });
  },
};
