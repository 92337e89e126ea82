import { z } from 'zod';
import { type OperatorPrincipal } from '../../auth/operator-principal.js';
import { PageQuery } from '../../http/pagination.js';
import { parseInput } from '../../http/parse-input.js';
import { QueryText } from '../../http/query-fields.js';

export const ListAuditInput = PageQuery.extend({
  action: QueryText.optional(),
  actor: QueryText.optional(),
  outcome: z
    .enum(['succeeded', 'failed', 'denied'], {
      error: 'expected succeeded, failed or denied',
    })
    .optional(),
}).strict();

/** The audit log, newest first: what callers within the caller's tenants did. */
export class ListAuditCommand {
  private constructor(
    readonly principal: OperatorPrincipal,
    readonly input: z.output<typeof ListAuditInput>,
  ) {}

  static create(principal: OperatorPrincipal, input: unknown): ListAuditCommand {
    return new ListAuditCommand(principal, parseInput(ListAuditInput, input));
  }
}
