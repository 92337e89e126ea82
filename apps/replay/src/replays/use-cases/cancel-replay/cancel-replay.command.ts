import { type OperatorPrincipal } from '../../../api/auth/operator-principal.js';

/** Stop a job: what was sent stays sent, nothing more is. */
export class CancelReplayCommand {
  constructor(
    readonly principal: OperatorPrincipal,
    readonly jobId: string,
  ) {}
}
