import { type OperatorPrincipal } from '../../../api/auth/operator-principal.js';
import { parseInput } from '../../../api/http/parse-input.js';
import { ReplayRequest } from '../../replay-request.js';

/** Create a replay job: a dry run to look at, or a job that starts at once. */
export class CreateReplayCommand {
  private constructor(
    readonly principal: OperatorPrincipal,
    readonly request: ReplayRequest,
  ) {}

  static create(principal: OperatorPrincipal, input: unknown): CreateReplayCommand {
    return new CreateReplayCommand(principal, parseInput(ReplayRequest, input));
  }
}
