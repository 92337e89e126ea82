import { type ReplayActor } from '../../replay-actor.js';

export class GetReplayCommand {
  constructor(
    readonly actor: ReplayActor,
    readonly jobId: string,
  ) {}
}
