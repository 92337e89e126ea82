import { type z } from 'zod';
import { type OperatorPrincipal } from '../../auth/operator-principal.js';
import { PageQuery } from '../../http/pagination.js';
import { parseInput } from '../../http/parse-input.js';
import { checkTimeRange, DeadLetterFilterFields } from './dead-letter-filter.js';

export const SearchDeadLettersInput = DeadLetterFilterFields.extend(PageQuery.shape)
  .strict()
  .superRefine(checkTimeRange);

/** Dead letters matching the filters, newest failure first. */
export class SearchDeadLettersCommand {
  private constructor(
    readonly principal: OperatorPrincipal,
    readonly input: z.output<typeof SearchDeadLettersInput>,
  ) {}

  static create(principal: OperatorPrincipal, input: unknown): SearchDeadLettersCommand {
    return new SearchDeadLettersCommand(principal, parseInput(SearchDeadLettersInput, input));
  }
}
