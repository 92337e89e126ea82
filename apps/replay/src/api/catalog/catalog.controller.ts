import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuditAction } from '../audit/audit-action.decorator.js';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { MinRole } from '../auth/min-role.decorator.js';
import { type OperatorPrincipal } from '../auth/operator-principal.js';
import { ApiOperatorRoute } from '../http/openapi.js';
import { CatalogService, type Tenants } from './catalog.service.js';
import { SetDestinationEnabled } from './set-destination-enabled.usecase.js';

const tenantsOf = (principal: OperatorPrincipal): Tenants =>
  principal.tenants === '*' ? null : principal.tenants;

/** Read-only lists of what the configuration declares, and a destination's disable/enable. */
@ApiTags('configuration')
@ApiOperatorRoute()
@Controller('api/v1')
export class CatalogController {
  constructor(
    private readonly catalog: CatalogService,
    private readonly setEnabled: SetDestinationEnabled,
  ) {}

  @Get('sources')
  @ApiOkResponse({ description: 'each source: its webhook URL and the last webhooks received' })
  async sources(@CurrentPrincipal() principal: OperatorPrincipal) {
    return { items: await this.catalog.sources(tenantsOf(principal)) };
  }

  @Get('routes')
  @ApiOkResponse({ description: 'the routes in force' })
  routes(@CurrentPrincipal() principal: OperatorPrincipal) {
    return { items: this.catalog.routes(tenantsOf(principal)) };
  }

  @Get('destinations/health')
  @ApiOkResponse({ description: 'each destination: health, breaker, parked deliveries' })
  async destinations(@CurrentPrincipal() principal: OperatorPrincipal) {
    return { items: await this.catalog.destinations(tenantsOf(principal)) };
  }

  @Post('destinations/:id/disable')
  @HttpCode(200)
  @MinRole('operator')
  @AuditAction('destination.disable')
  @ApiOperatorRoute({ oneObject: true })
  disable(@CurrentPrincipal() principal: OperatorPrincipal, @Param('id') id: string) {
    return this.setEnabled.execute({
      tenants: tenantsOf(principal),
      destinationId: id,
      enabled: false,
      by: principal.name,
    });
  }

  @Post('destinations/:id/enable')
  @HttpCode(200)
  @MinRole('operator')
  @AuditAction('destination.enable')
  @ApiOperatorRoute({ oneObject: true })
  enable(@CurrentPrincipal() principal: OperatorPrincipal, @Param('id') id: string) {
    return this.setEnabled.execute({
      tenants: tenantsOf(principal),
      destinationId: id,
      enabled: true,
      by: principal.name,
    });
  }
}
