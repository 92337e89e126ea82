import { type OperatorPrincipal } from '../../auth/operator-principal.js';

/** An admin revokes a token: it stops working at once. */
export class RevokeTokenCommand {
  constructor(
    readonly principal: OperatorPrincipal,
    readonly tokenId: string,
  ) {}
}
