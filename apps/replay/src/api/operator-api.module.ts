import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { HooklineConfigModule } from '@hookline/runtime';
import { AuditInterceptor } from './audit/audit.interceptor.js';
import { AuditLog } from './audit/audit-log.service.js';
import { ConfigTokenSync } from './auth/config-token-sync.service.js';
import { OperatorAuthGuard } from './auth/operator-auth.guard.js';
import { TokenAuthenticator } from './auth/token-authenticator.service.js';
import { AuditController } from './controllers/audit.controller.js';
import { DeadLettersController } from './controllers/dead-letters.controller.js';
import { DestinationsController } from './controllers/destinations.controller.js';
import { EventsController } from './controllers/events.controller.js';
import { BodyRedactor } from './redaction/body-redactor.service.js';
import { GetEvent } from './use-cases/get-event/get-event.usecase.js';
import { ListDestinations } from './use-cases/list-destinations/list-destinations.usecase.js';
import { SearchEvents } from './use-cases/search-events/search-events.usecase.js';
import { TokensController } from './controllers/tokens.controller.js';
import { WhoamiController } from './controllers/whoami.controller.js';
import { CreateToken } from './use-cases/create-token/create-token.usecase.js';
import { GetDeadLetter } from './use-cases/get-dead-letter/get-dead-letter.usecase.js';
import { SearchDeadLetters } from './use-cases/search-dead-letters/search-dead-letters.usecase.js';
import { SummarizeDeadLetters } from './use-cases/summarize-dead-letters/summarize-dead-letters.usecase.js';
import { ListAudit } from './use-cases/list-audit/list-audit.usecase.js';
import { ListTokens } from './use-cases/list-tokens/list-tokens.usecase.js';
import { RevokeToken } from './use-cases/revoke-token/revoke-token.usecase.js';

const USE_CASES = [
  SearchEvents,
  GetEvent,
  SearchDeadLetters,
  GetDeadLetter,
  SummarizeDeadLetters,
  ListDestinations,
  CreateToken,
  ListTokens,
  RevokeToken,
  ListAudit,
];

/**
 * The operator API under `/api/v1`: bearer tokens checked by one global guard, every
 * changing call audited, one use case per operation behind thin controllers.
 */
@Module({
  imports: [HooklineConfigModule],
  controllers: [
    WhoamiController,
    EventsController,
    DeadLettersController,
    DestinationsController,
    TokensController,
    AuditController,
  ],
  providers: [
    TokenAuthenticator,
    AuditLog,
    BodyRedactor,
    ConfigTokenSync,
    { provide: APP_GUARD, useClass: OperatorAuthGuard },
    { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
    ...USE_CASES,
  ],
  exports: [AuditLog, TokenAuthenticator, ...USE_CASES],
})
export class OperatorApiModule {}
