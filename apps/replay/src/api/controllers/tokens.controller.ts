import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { MinRole } from '../auth/min-role.decorator.js';
import { type OperatorPrincipal } from '../auth/operator-principal.js';
import { ApiOperatorRoute, ApiZodOk, ApiZodQuery } from '../http/openapi.js';
import { type Page } from '../http/pagination.js';
import {
  CreateTokenCommand,
  CreateTokenInput,
} from '../use-cases/create-token/create-token.command.js';
import { CreateToken } from '../use-cases/create-token/create-token.usecase.js';
import {
  ListTokensCommand,
  ListTokensInput,
} from '../use-cases/list-tokens/list-tokens.command.js';
import { ListTokens } from '../use-cases/list-tokens/list-tokens.usecase.js';
import {
  type OperatorToken,
  OperatorTokenView,
} from '../use-cases/list-tokens/operator-token.view.js';
import { RevokeTokenCommand } from '../use-cases/revoke-token/revoke-token.command.js';
import { RevokeToken } from '../use-cases/revoke-token/revoke-token.usecase.js';

@ApiTags('admin')
@ApiOperatorRoute()
@MinRole('admin')
@Controller('api/v1/tokens')
export class TokensController {
  constructor(
    private readonly listTokens: ListTokens,
    private readonly createToken: CreateToken,
    private readonly revokeToken: RevokeToken,
  ) {}

  @Get()
  @ApiZodQuery(ListTokensInput)
  @ApiZodOk(z.object({ items: z.array(OperatorTokenView), nextCursor: z.string().nullable() }))
  list(
    @CurrentPrincipal() principal: OperatorPrincipal,
    @Query() query: unknown,
  ): Promise<Page<OperatorToken>> {
    return this.listTokens.execute(ListTokensCommand.create(principal, query));
  }

  @Post()
  @ApiBody({ schema: z.toJSONSchema(CreateTokenInput) as Record<string, unknown> })
  @ApiZodOk(OperatorTokenView.extend({ token: z.string() }), 'the token string is shown only here')
  create(
    @CurrentPrincipal() principal: OperatorPrincipal,
    @Body() body: unknown,
  ): Promise<OperatorToken & { token: string }> {
    return this.createToken.execute(CreateTokenCommand.create(principal, body));
  }

  @Delete(':id')
  @ApiZodOk(OperatorTokenView)
  revoke(
    @CurrentPrincipal() principal: OperatorPrincipal,
    @Param('id') id: string,
  ): Promise<OperatorToken> {
    return this.revokeToken.execute(new RevokeTokenCommand(principal, id));
  }
}
