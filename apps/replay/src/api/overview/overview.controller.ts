import { Controller, Get } from '@nestjs/common';
import { GetOverview, type Overview } from './get-overview.usecase.js';

/** `GET /api/v1/overview`: read-only, what the console's Overview page charts. */
@Controller('api/v1/overview')
export class OverviewController {
  constructor(private readonly getOverview: GetOverview) {}

  @Get()
  overview(): Promise<Overview> {
    return this.getOverview.execute({ tenants: null });
  }
}
