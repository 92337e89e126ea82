export const REPLAY_KINDS = ['dead-letters', 'offset-range', 'time-range', 'raw-redrive'] as const;
export type ReplayKind = (typeof REPLAY_KINDS)[number];

export const REPLAY_JOB_STATES = [
  'dry-run',
  'pending',
  'running',
  'completed',
  'cancelled',
  'failed',
] as const;
export type ReplayJobState = (typeof REPLAY_JOB_STATES)[number];

/** How one replayed record ended; every item ends in exactly one. */
export type ReplayItemOutcome = 'sent' | 'skipped' | 'already-delivered' | 'failed';

export interface ReplayCounts {
  total: number;
  sent: number;
  skipped: number;
  alreadyDelivered: number;
  failed: number;
}

/** A replay job as stored. */
export interface ReplayJob extends ReplayCounts {
  id: string;
  kind: ReplayKind;
  state: ReplayJobState;
  /** The request as the operator made it. */
  request: Record<string, unknown>;
  /** The tenants the job may touch; `null`: every tenant. */
  tenantScope: string[] | null;
  createdBy: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** Records per second. */
  rate: number;
  force: boolean;
  error: string | null;
}

/** One record a job replays, fixed when the job is created. */
export interface NewReplayItem {
  /** Where the record is (a dead letter's DLT coordinates; a raw webhook's none: ''/-1/-1). */
  topic: string;
  partition: number;
  offset: string;
  /** A `dead_letters` id or a `raw_webhooks` id; null when the bytes are kept here. */
  ref: string | null;
  tenantId: string | null;
  /** What the dry run groups by: the error class, or the provider for a raw re-drive. */
  reason: string;
  /** The record's bytes, for records read from a topic. */
  key?: Buffer | null;
  value?: Buffer | null;
  headers?: Record<string, string>;
  /** Decided at creation (outside the tenant scope, say): the item is never sent. */
  skippedBecause?: string;
}

export interface ReplayItem extends NewReplayItem {
  seq: number;
  outcome: ReplayItemOutcome | 'pending';
  detail: string | null;
}

export interface ReplayItemResult {
  seq: number;
  outcome: ReplayItemOutcome;
  detail?: string;
}

export interface ReplayPreview {
  total: number;
  byReason: { key: string; count: number }[];
  sample: ReplayItem[];
}
