import { DEAD_LETTER_GROUPINGS } from '@hookline/persistence';
import { z } from 'zod';
import { type OperatorPrincipal } from '../../auth/operator-principal.js';
import { parseInput } from '../../http/parse-input.js';
import {
  checkTimeRange,
  DeadLetterFilterFields,
} from '../search-dead-letters/dead-letter-filter.js';

export const SummarizeDeadLettersInput = DeadLetterFilterFields.extend({
  by: z.enum(DEAD_LETTER_GROUPINGS, {
    error: `expected one of ${DEAD_LETTER_GROUPINGS.join(', ')}`,
  }),
})
  .strict()
  .superRefine(checkTimeRange);

/** Counts of matching dead letters by reason (error class), stage or destination. */
export class SummarizeDeadLettersCommand {
  private constructor(
    readonly principal: OperatorPrincipal,
    readonly input: z.output<typeof SummarizeDeadLettersInput>,
  ) {}

  static create(principal: OperatorPrincipal, input: unknown): SummarizeDeadLettersCommand {
    return new SummarizeDeadLettersCommand(principal, parseInput(SummarizeDeadLettersInput, input));
  }
}
