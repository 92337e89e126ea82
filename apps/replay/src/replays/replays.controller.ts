import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentPrincipal } from '../api/auth/current-principal.decorator.js';
import { MinRole } from '../api/auth/min-role.decorator.js';
import { type OperatorPrincipal } from '../api/auth/operator-principal.js';
import { ApiOperatorRoute, ApiZodQuery } from '../api/http/openapi.js';
import { type Page } from '../api/http/pagination.js';
import { ReplayRequest } from './replay-request.js';
import { CancelReplayCommand } from './use-cases/cancel-replay/cancel-replay.command.js';
import { CancelReplay } from './use-cases/cancel-replay/cancel-replay.usecase.js';
import { CreateReplayCommand } from './use-cases/create-replay/create-replay.command.js';
import { CreateReplay } from './use-cases/create-replay/create-replay.usecase.js';
import { GetReplayCommand } from './use-cases/get-replay/get-replay.command.js';
import { GetReplay } from './use-cases/get-replay/get-replay.usecase.js';
import {
  ListReplaysCommand,
  ListReplaysInput,
} from './use-cases/list-replays/list-replays.command.js';
import { ListReplays } from './use-cases/list-replays/list-replays.usecase.js';
import { type ReplayJobView } from './use-cases/replay-job.view.js';
import { StartReplayCommand } from './use-cases/start-replay/start-replay.command.js';
import { StartReplay } from './use-cases/start-replay/start-replay.usecase.js';

/** Replay jobs: operators create, start and cancel them; viewers read them. */
@ApiTags('replays')
@ApiOperatorRoute()
@Controller('api/v1/replays')
export class ReplaysController {
  constructor(
    private readonly createReplay: CreateReplay,
    private readonly startReplay: StartReplay,
    private readonly cancelReplay: CancelReplay,
    private readonly getReplay: GetReplay,
    private readonly listReplays: ListReplays,
  ) {}

  @Post()
  @MinRole('operator')
  @ApiBody({
    schema: z.toJSONSchema(ReplayRequest, { io: 'input', unrepresentable: 'any' }) as Record<
      string,
      unknown
    >,
  })
  create(
    @CurrentPrincipal() principal: OperatorPrincipal,
    @Body() body: unknown,
  ): Promise<ReplayJobView> {
    return this.createReplay.execute(CreateReplayCommand.create(principal, body));
  }

  @Get()
  @ApiZodQuery(ListReplaysInput)
  list(
    @CurrentPrincipal() principal: OperatorPrincipal,
    @Query() query: unknown,
  ): Promise<Page<ReplayJobView>> {
    return this.listReplays.execute(ListReplaysCommand.create(principal, query));
  }

  @Get(':id')
  @ApiOperatorRoute({ oneObject: true })
  get(
    @CurrentPrincipal() principal: OperatorPrincipal,
    @Param('id') id: string,
  ): Promise<ReplayJobView> {
    return this.getReplay.execute(new GetReplayCommand(principal, id));
  }

  @Post(':id/start')
  @HttpCode(200)
  @MinRole('operator')
  @ApiOperatorRoute({ oneObject: true })
  start(
    @CurrentPrincipal() principal: OperatorPrincipal,
    @Param('id') id: string,
  ): Promise<ReplayJobView> {
    return this.startReplay.execute(new StartReplayCommand(principal, id));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @MinRole('operator')
  @ApiOperatorRoute({ oneObject: true })
  cancel(
    @CurrentPrincipal() principal: OperatorPrincipal,
    @Param('id') id: string,
  ): Promise<ReplayJobView> {
    return this.cancelReplay.execute(new CancelReplayCommand(principal, id));
  }
}
