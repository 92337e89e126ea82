import { type z } from 'zod';
import { type OperatorPrincipal } from '../../../api/auth/operator-principal.js';
import { PageQuery } from '../../../api/http/pagination.js';
import { parseInput } from '../../../api/http/parse-input.js';

export const ListReplaysInput = PageQuery.strict();

/** The jobs the caller's tenants cover, newest first. */
export class ListReplaysCommand {
  private constructor(
    readonly principal: OperatorPrincipal,
    readonly input: z.output<typeof ListReplaysInput>,
  ) {}

  static create(principal: OperatorPrincipal, input: unknown): ListReplaysCommand {
    return new ListReplaysCommand(principal, parseInput(ListReplaysInput, input));
  }
}
