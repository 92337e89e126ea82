import { type ReplayActor } from '../../replay-actor.js';
import { type ReplayRequest } from '../../replay-request.js';

/** Create a replay job: a dry run to look at, or a job that starts at once. */
export class CreateReplayCommand {
  constructor(
    readonly actor: ReplayActor,
    readonly request: ReplayRequest,
  ) {}
}
