import { type DynamicModule, Module } from '@nestjs/common';
import { DatabaseConnection } from './database.connection.js';
import { DATABASE_OPTIONS, type DatabaseOptions } from './database.options.js';
import { DeadLetterStore } from './dead-letters/dead-letter.store.js';
import { EVENT_CLAIM_REPOSITORY } from './event-claims/event-claim.repository.js';
import { PostgresEventClaimRepository } from './event-claims/postgres-event-claim.repository.js';
import { RawWebhookStore } from './raw-webhooks/raw-webhook.store.js';
import { ServiceInstanceRepository } from './service-instances/service-instance.repository.js';

@Module({})
export class PersistenceModule {
  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      providers: [
        { provide: DATABASE_OPTIONS, useValue: options },
        DatabaseConnection,
        ServiceInstanceRepository,
        RawWebhookStore,
        DeadLetterStore,
        { provide: EVENT_CLAIM_REPOSITORY, useClass: PostgresEventClaimRepository },
      ],
      exports: [
        DatabaseConnection,
        ServiceInstanceRepository,
        RawWebhookStore,
        DeadLetterStore,
        EVENT_CLAIM_REPOSITORY,
      ],
    };
  }
}
