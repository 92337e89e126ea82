import {
  type NewReplayItem,
  type ReplayItem,
  type ReplayItemResult,
  type ReplayJob,
  type ReplayJobState,
  type ReplayKind,
  type ReplayPreview,
} from './replay-job.js';

export interface NewReplayJob {
  id: string;
  kind: ReplayKind;
  state: 'dry-run' | 'pending';
  request: Record<string, unknown>;
  tenantScope: string[] | null;
  createdBy: string;
  rate: number;
  force: boolean;
}

export interface ReplayJobQuery {
  /** Jobs whose scope lies within these tenants; `null`: every job. */
  visibleTo: readonly string[] | null;
  /** Jobs created before this one (the list's cursor), newest first. */
  before?: { createdAt: Date; id: string };
  limit: number;
}

/**
 * Replay jobs, their items and the lease that lets one replay instance run a job at a
 * time. Every write of a running job's progress is fenced by the lease owner and the
 * `running` state, so a job cancelled (or taken over) stops at its next batch.
 */
export interface ReplayJobRepository {
  create(job: NewReplayJob, items: readonly NewReplayItem[]): Promise<ReplayJob>;
  find(id: string): Promise<ReplayJob | undefined>;
  list(query: ReplayJobQuery): Promise<ReplayJob[]>;
  preview(id: string, sampleSize: number): Promise<ReplayPreview>;
  /** A dry run confirmed: `dry-run` → `pending`. Undefined when the job is in another state. */
  start(id: string): Promise<ReplayJob | undefined>;
  /** `dry-run`, `pending` or `running` → `cancelled`. Undefined when the job had ended. */
  cancel(id: string): Promise<ReplayJob | undefined>;
  /** Takes the oldest pending job, or a running one whose lease ran out, for `owner`. */
  claimNext(owner: string, leaseMs: number): Promise<ReplayJob | undefined>;
  /** Extends the lease; false when the job is no longer this owner's running job. */
  renewLease(id: string, owner: string, leaseMs: number): Promise<boolean>;
  pendingItems(id: string, limit: number): Promise<ReplayItem[]>;
  /** Outcomes and counts in one transaction; false (nothing written) when the lease is lost. */
  recordOutcomes(id: string, owner: string, results: readonly ReplayItemResult[]): Promise<boolean>;
  finish(id: string, owner: string, state: 'completed' | 'failed', error?: string): Promise<void>;
  countByState(): Promise<Record<ReplayJobState, number>>;
}

export const REPLAY_JOBS = Symbol('ReplayJobRepository');
