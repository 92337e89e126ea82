import { type OperatorPrincipal } from '../../../api/auth/operator-principal.js';

/** Confirm a dry run: its records are sent. */
export class StartReplayCommand {
  constructor(
    readonly principal: OperatorPrincipal,
    readonly jobId: string,
  ) {}
}
