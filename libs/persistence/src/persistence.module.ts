import { type DynamicModule, Module } from '@nestjs/common';
import { DatabaseConnection } from './database.connection.js';
import { DATABASE_OPTIONS, type DatabaseOptions } from './database.options.js';
import { DeadLetterSearchRepository } from './dead-letters/dead-letter-search.repository.js';
import { DeadLetterStore } from './dead-letters/dead-letter.store.js';
import { DELIVERY_LEDGER } from './delivery-ledger/delivery-ledger.repository.js';
import { PgDeliveryLedgerRepository } from './delivery-ledger/pg-delivery-ledger.repository.js';
import {
  DESTINATION_STATES,
  PgDestinationStateRepository,
} from './destination-states/destination-state.repository.js';
import {
  DESTINATION_RATE_LIMITER,
  PgDestinationRateLimiter,
} from './destination-limits/destination-rate-limiter.js';
import { EVENT_CLAIM_REPOSITORY } from './event-claims/event-claim.repository.js';
import { PostgresEventClaimRepository } from './event-claims/postgres-event-claim.repository.js';
import { OperatorAuditRepository } from './operator-audit/operator-audit.repository.js';
import { OperatorTokenRepository } from './operator-tokens/operator-token.repository.js';
import { EVENT_TIMELINE_REPOSITORY } from './event-timeline/event-timeline.repository.js';
import { PgEventTimelineRepository } from './event-timeline/pg-event-timeline.repository.js';
import { EventSearchRepository } from './event-search/event-search.repository.js';
import { RawWebhookStore } from './raw-webhooks/raw-webhook.store.js';
import { PgReplayJobRepository } from './replay-jobs/pg-replay-job.repository.js';
import { REPLAY_JOBS } from './replay-jobs/replay-job.repository.js';
import { ReplaySources } from './replay-jobs/replay-sources.js';
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
        DeadLetterSearchRepository,
        EventSearchRepository,
        OperatorTokenRepository,
        OperatorAuditRepository,
        { provide: DELIVERY_LEDGER, useClass: PgDeliveryLedgerRepository },
        { provide: DESTINATION_RATE_LIMITER, useClass: PgDestinationRateLimiter },
        { provide: DESTINATION_STATES, useClass: PgDestinationStateRepository },
        { provide: EVENT_CLAIM_REPOSITORY, useClass: PostgresEventClaimRepository },
        { provide: REPLAY_JOBS, useClass: PgReplayJobRepository },
        ReplaySources,
        { provide: EVENT_TIMELINE_REPOSITORY, useClass: PgEventTimelineRepository },
      ],
      exports: [
        DatabaseConnection,
        ServiceInstanceRepository,
        RawWebhookStore,
        DeadLetterStore,
        DeadLetterSearchRepository,
        EventSearchRepository,
        OperatorTokenRepository,
        OperatorAuditRepository,
        DELIVERY_LEDGER,
        DESTINATION_RATE_LIMITER,
        DESTINATION_STATES,
        EVENT_CLAIM_REPOSITORY,
        REPLAY_JOBS,
        ReplaySources,
        EVENT_TIMELINE_REPOSITORY,
      ],
    };
  }
}
