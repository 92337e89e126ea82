import { type OperatorPrincipal } from '../../auth/operator-principal.js';

/** One raw webhook's whole story: the request, its canonical events, timeline and attempts. */
export class GetEventCommand {
  constructor(
    readonly principal: OperatorPrincipal,
    readonly rawEventId: string,
  ) {}
}
