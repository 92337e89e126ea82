import { Injectable } from '@nestjs/common';
import { OperatorTokenRepository } from '@hookline/persistence';
import { decodeCursor, type Page, toPage } from '../../http/pagination.js';
import { type ListTokensCommand } from './list-tokens.command.js';
import { type OperatorToken, toOperatorToken } from './operator-token.view.js';

@Injectable()
export class ListTokens {
  constructor(private readonly tokens: OperatorTokenRepository) {}

  async execute(command: ListTokensCommand): Promise<Page<OperatorToken>> {
    const { principal, input } = command;
    const rows = await this.tokens.list({
      after: decodeCursor(input.cursor),
      limit: input.limit + 1,
      ...(principal.tenants === '*' ? {} : { within: principal.tenants }),
    });
    return toPage(rows, input.limit, (row) => ({ at: row.createdAt, id: row.id }), toOperatorToken);
  }
}
