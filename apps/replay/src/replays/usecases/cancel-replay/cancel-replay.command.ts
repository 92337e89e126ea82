import { type ReplayActor } from '../../replay-actor.js';

/** Stop a job: what was sent stays sent, nothing more is. */
export class CancelReplayCommand {
  constructor(
    readonly actor: ReplayActor,
    readonly jobId: string,
  ) {}
}
