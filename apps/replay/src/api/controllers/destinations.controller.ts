import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { type OperatorPrincipal } from '../auth/operator-principal.js';
import { ApiOperatorRoute, ApiZodQuery } from '../http/openapi.js';
import { type Page } from '../http/pagination.js';
import {
  ListDestinationsCommand,
  ListDestinationsInput,
} from '../use-cases/list-destinations/list-destinations.command.js';
import {
  type DestinationView,
  ListDestinations,
} from '../use-cases/list-destinations/list-destinations.usecase.js';

@ApiTags('destinations')
@ApiOperatorRoute()
@Controller('api/v1/destinations')
export class DestinationsController {
  constructor(private readonly listDestinations: ListDestinations) {}

  @Get()
  @ApiZodQuery(ListDestinationsInput)
  list(
    @CurrentPrincipal() principal: OperatorPrincipal,
    @Query() query: unknown,
  ): Promise<Page<DestinationView>> {
    return this.listDestinations.execute(ListDestinationsCommand.create(principal, query));
  }
}
