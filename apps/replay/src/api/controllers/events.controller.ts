import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { type OperatorPrincipal } from '../auth/operator-principal.js';
import { ApiOperatorRoute, ApiZodQuery } from '../http/openapi.js';
import { type Page } from '../http/pagination.js';
import { GetEventCommand } from '../use-cases/get-event/get-event.command.js';
import { type EventStory, GetEvent } from '../use-cases/get-event/get-event.usecase.js';
import {
  SearchEventsCommand,
  SearchEventsInput,
} from '../use-cases/search-events/search-events.command.js';
import {
  type EventSummary,
  SearchEvents,
} from '../use-cases/search-events/search-events.usecase.js';

@ApiTags('events')
@ApiOperatorRoute()
@Controller('api/v1/events')
export class EventsController {
  constructor(
    private readonly searchEvents: SearchEvents,
    private readonly getEvent: GetEvent,
  ) {}

  @Get()
  @ApiZodQuery(SearchEventsInput)
  search(
    @CurrentPrincipal() principal: OperatorPrincipal,
    @Query() query: unknown,
  ): Promise<Page<EventSummary>> {
    return this.searchEvents.execute(SearchEventsCommand.create(principal, query));
  }

  @Get(':rawEventId')
  @ApiOperatorRoute({ oneObject: true })
  one(
    @CurrentPrincipal() principal: OperatorPrincipal,
    @Param('rawEventId') rawEventId: string,
  ): Promise<EventStory> {
    return this.getEvent.execute(new GetEventCommand(principal, rawEventId));
  }
}
