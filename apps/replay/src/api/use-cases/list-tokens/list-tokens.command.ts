import { type z } from 'zod';
import { type OperatorPrincipal } from '../../auth/operator-principal.js';
import { PageQuery } from '../../http/pagination.js';
import { parseInput } from '../../http/parse-input.js';

export const ListTokensInput = PageQuery.strict();

/** Tokens the caller's tenants cover, newest first. */
export class ListTokensCommand {
  private constructor(
    readonly principal: OperatorPrincipal,
    readonly input: z.output<typeof ListTokensInput>,
  ) {}

  static create(principal: OperatorPrincipal, input: unknown): ListTokensCommand {
    return new ListTokensCommand(principal, parseInput(ListTokensInput, input));
  }
}
