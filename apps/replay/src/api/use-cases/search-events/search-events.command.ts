import { EVENT_STATUSES } from '@hookline/persistence';
import { z } from 'zod';
import { type OperatorPrincipal } from '../../auth/operator-principal.js';
import { PageQuery } from '../../http/pagination.js';
import { parseInput } from '../../http/parse-input.js';
import { checkTimeRange, QueryText, QueryTime } from '../../http/query-fields.js';

export const SearchEventsInput = z
  .object({
    tenant: QueryText.optional(),
    source: QueryText.optional(),
    provider: QueryText.optional(),
    type: QueryText.optional(),
    status: z
      .enum(EVENT_STATUSES, { error: `expected one of ${EVENT_STATUSES.join(', ')}` })
      .optional(),
    from: QueryTime.optional(),
    to: QueryTime.optional(),
    providerEventId: QueryText.optional(),
    correlationId: QueryText.optional(),
    ...PageQuery.shape,
  })
  .strict()
  .superRefine(checkTimeRange);

/** Raw webhooks and what came of them, newest first. */
export class SearchEventsCommand {
  private constructor(
    readonly principal: OperatorPrincipal,
    readonly input: z.output<typeof SearchEventsInput>,
  ) {}

  static create(principal: OperatorPrincipal, input: unknown): SearchEventsCommand {
    return new SearchEventsCommand(principal, parseInput(SearchEventsInput, input));
  }
}
