import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { type OperatorPrincipal } from '../auth/operator-principal.js';
import { ApiOperatorRoute } from '../http/openapi.js';
import { GetOverview, type Overview } from './get-overview.usecase.js';

/** `GET /api/v1/overview`: read-only, what the console's Overview page charts. */
@ApiTags('overview')
@ApiOperatorRoute()
@Controller('api/v1/overview')
export class OverviewController {
  constructor(private readonly getOverview: GetOverview) {}

  @Get()
  @ApiOkResponse({
    description:
      "the pipeline now: the services' counters (since they started) and gauges, dead letters, deliveries of the last 15 minutes, open breakers, disabled destinations",
  })
  overview(@CurrentPrincipal() principal: OperatorPrincipal): Promise<Overview> {
    return this.getOverview.execute({
      tenants: principal.tenants === '*' ? null : principal.tenants,
    });
  }
}
