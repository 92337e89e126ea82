import { z } from 'zod';
import { type OperatorPrincipal } from '../../auth/operator-principal.js';
import { parseInput } from '../../http/parse-input.js';
import { QueryText } from '../../http/query-fields.js';

export const ListDestinationsInput = z.strictObject({ tenant: QueryText.optional() });

/** The destinations of the caller's tenants with their delivery state. */
export class ListDestinationsCommand {
  private constructor(
    readonly principal: OperatorPrincipal,
    readonly input: z.output<typeof ListDestinationsInput>,
  ) {}

  static create(principal: OperatorPrincipal, input: unknown): ListDestinationsCommand {
    return new ListDestinationsCommand(principal, parseInput(ListDestinationsInput, input));
  }
}
