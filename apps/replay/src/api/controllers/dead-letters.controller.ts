import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { type OperatorPrincipal } from '../auth/operator-principal.js';
import { ApiOperatorRoute, ApiZodOk, ApiZodQuery } from '../http/openapi.js';
import { type Page } from '../http/pagination.js';
import { GetDeadLetterCommand } from '../use-cases/get-dead-letter/get-dead-letter.command.js';
import { GetDeadLetter } from '../use-cases/get-dead-letter/get-dead-letter.usecase.js';
import {
  type DeadLetter,
  type DeadLetterSummary,
  DeadLetterSummaryView,
  DeadLetterView,
} from '../use-cases/search-dead-letters/dead-letter.view.js';
import {
  SearchDeadLettersCommand,
  SearchDeadLettersInput,
} from '../use-cases/search-dead-letters/search-dead-letters.command.js';
import { SearchDeadLetters } from '../use-cases/search-dead-letters/search-dead-letters.usecase.js';
import {
  SummarizeDeadLettersCommand,
  SummarizeDeadLettersInput,
} from '../use-cases/summarize-dead-letters/summarize-dead-letters.command.js';
import {
  type DeadLetterSummaryCounts,
  SummarizeDeadLetters,
} from '../use-cases/summarize-dead-letters/summarize-dead-letters.usecase.js';

@ApiTags('dead letters')
@ApiOperatorRoute()
@Controller('api/v1/dead-letters')
export class DeadLettersController {
  constructor(
    private readonly searchDeadLetters: SearchDeadLetters,
    private readonly getDeadLetter: GetDeadLetter,
    private readonly summarizeDeadLetters: SummarizeDeadLetters,
  ) {}

  @Get()
  @ApiZodQuery(SearchDeadLettersInput)
  @ApiZodOk(z.object({ items: z.array(DeadLetterSummaryView), nextCursor: z.string().nullable() }))
  search(
    @CurrentPrincipal() principal: OperatorPrincipal,
    @Query() query: unknown,
  ): Promise<Page<DeadLetterSummary>> {
    return this.searchDeadLetters.execute(SearchDeadLettersCommand.create(principal, query));
  }

  @Get('summary')
  @ApiZodQuery(SummarizeDeadLettersInput)
  @ApiZodOk(
    z.object({ groups: z.array(z.object({ key: z.string().nullable(), count: z.number() })) }),
  )
  summary(
    @CurrentPrincipal() principal: OperatorPrincipal,
    @Query() query: unknown,
  ): Promise<DeadLetterSummaryCounts> {
    return this.summarizeDeadLetters.execute(SummarizeDeadLettersCommand.create(principal, query));
  }

  @Get(':id')
  @ApiOperatorRoute({ oneObject: true })
  @ApiZodOk(DeadLetterView)
  one(
    @CurrentPrincipal() principal: OperatorPrincipal,
    @Param('id') id: string,
  ): Promise<DeadLetter> {
    return this.getDeadLetter.execute(new GetDeadLetterCommand(principal, id));
  }
}
