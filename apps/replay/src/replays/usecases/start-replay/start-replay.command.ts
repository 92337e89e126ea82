import { type ReplayActor } from '../../replay-actor.js';

/** Confirm a dry run: its records are sent. */
export class StartReplayCommand {
  constructor(
    readonly actor: ReplayActor,
    readonly jobId: string,
  ) {}
}
