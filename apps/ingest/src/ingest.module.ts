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

// Looked up on the first request (the app is initialised by then), not on every one.
const intakes = new WeakMap<NestFastifyApplication, WebhookIntake>();
function intakeOf(app: NestFastifyApplication): WebhookIntake {
  let intake = intakes.get(app);
  if (!intake) {
    intake = app.get<WebhookIntake, WebhookIntake>(WebhookIntake);
    intakes.set(app, intake);
  }
  return intake;
}

/**
 * Ingest reads request bodies itself: byte-exact, no further than each source's limit,
 * and within each source's body deadline.
 */
export const ingestAppOptions: ServiceAppOptions = {
  configureHttp: (app: NestFastifyApplication) => {
    installRawBodyParser(app, (sourceId) => intakeOf(app).bodyLimit(sourceId));
  },
  bodyTimeoutFor: (app, request) =>
    intakeOf(app).bodyTimeoutMs((request.params as { sourceId?: string } | undefined)?.sourceId),
};
