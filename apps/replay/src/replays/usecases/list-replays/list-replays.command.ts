import { type ReplayActor } from '../../replay-actor.js';

export class ListReplaysCommand {
  constructor(
    readonly actor: ReplayActor,
    readonly limit: number,
    /** The previous page's `nextCursor`. */
    readonly cursor?: string,
  ) {}
}
