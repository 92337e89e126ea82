import { FailureHeaders, ReplayHeaders } from '@hookline/contracts';
import { type ReplayItem, type ReplayJob } from '@hookline/persistence';

/** A failure's own headers: a replayed record starts its attempts and schedule afresh. */
const RESET_ON_REPLAY: readonly string[] = [
  FailureHeaders.attempt,
  FailureHeaders.errorClass,
  FailureHeaders.errorMessage,
  FailureHeaders.errorStage,
  FailureHeaders.firstFailedAt,
  FailureHeaders.lastFailedAt,
  FailureHeaders.retryDueAt,
  ...Object.values(ReplayHeaders),
];

/** The id under which the executor forces one replayed record's effect once. */
export function forceIdOf(job: Pick<ReplayJob, 'id'>, item: Pick<ReplayItem, 'seq'>): string {
  return `${job.id}:${item.seq}`;
}

/**
 * The headers of a replayed record: the original's (tenant, correlation id, where it
 * first arrived) without its failure state, plus which job sent it and which record it
 * replays, and the force id when the job forces.
 */
export function replayHeadersOf(
  original: Record<string, string>,
  job: Pick<ReplayJob, 'id' | 'force'>,
  item: Pick<ReplayItem, 'seq' | 'topic' | 'partition' | 'offset'>,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(original))
    if (!RESET_ON_REPLAY.includes(name)) headers[name] = value;
  headers[ReplayHeaders.jobId] = job.id;
  if (item.topic) {
    headers[ReplayHeaders.sourceTopic] = item.topic;
    headers[ReplayHeaders.sourcePartition] = String(item.partition);
    headers[ReplayHeaders.sourceOffset] = item.offset;
  }
  if (job.force) headers[ReplayHeaders.force] = forceIdOf(job, item);
  return headers;
}
