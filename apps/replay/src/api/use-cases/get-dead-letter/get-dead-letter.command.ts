import { type OperatorPrincipal } from '../../auth/operator-principal.js';

/** One dead letter with its headers and value. */
export class GetDeadLetterCommand {
  constructor(
    readonly principal: OperatorPrincipal,
    readonly id: string,
  ) {}
}
