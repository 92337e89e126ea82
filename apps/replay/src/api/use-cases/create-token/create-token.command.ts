import { OperatorRole, OperatorTenants, OperatorTokenName } from '@hookline/config';
import { z } from 'zod';
import { type OperatorPrincipal } from '../../auth/operator-principal.js';
import { parseInput } from '../../http/parse-input.js';

export const CreateTokenInput = z.strictObject({
  name: OperatorTokenName,
  role: OperatorRole,
  tenants: OperatorTenants,
});

/** An admin makes a token; its secret is shown once, in the answer. */
export class CreateTokenCommand {
  private constructor(
    readonly principal: OperatorPrincipal,
    readonly input: z.output<typeof CreateTokenInput>,
  ) {}

  static create(principal: OperatorPrincipal, input: unknown): CreateTokenCommand {
    return new CreateTokenCommand(principal, parseInput(CreateTokenInput, input));
  }
}
