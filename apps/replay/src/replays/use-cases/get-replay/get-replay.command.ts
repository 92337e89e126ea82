import { type OperatorPrincipal } from '../../../api/auth/operator-principal.js';

/** One job, with its progress (and a dry run's preview). */
export class GetReplayCommand {
  constructor(
    readonly principal: OperatorPrincipal,
    readonly jobId: string,
  ) {}
}
