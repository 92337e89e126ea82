import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CatalogService } from './catalog.service.js';
import { SetDestinationEnabled } from './set-destination-enabled.usecase.js';

/** Read-only lists of what the configuration declares, and a destination's disable/enable. */
@Controller('api/v1')
export class CatalogController {
  constructor(
    private readonly catalog: CatalogService,
    private readonly setEnabled: SetDestinationEnabled,
  ) {}

  @Get('sources')
  async sources() {
    return { items: await this.catalog.sources(null) };
  }

  @Get('routes')
  routes() {
    return { items: this.catalog.routes(null) };
  }

  @Get('destinations')
  async destinations() {
    return { items: await this.catalog.destinations(null) };
  }

  @Post('destinations/:id/disable')
  @HttpCode(200)
  disable(@Param('id') id: string) {
    return this.setEnabled.execute({
      tenants: null,
      destinationId: id,
      enabled: false,
      by: 'operator',
    });
  }

  @Post('destinations/:id/enable')
  @HttpCode(200)
  enable(@Param('id') id: string) {
    return this.setEnabled.execute({
      tenants: null,
      destinationId: id,
      enabled: true,
      by: 'operator',
    });
  }
}
