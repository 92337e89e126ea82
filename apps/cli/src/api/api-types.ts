// The operator API's answers as the CLI reads them (docs/cli.md; the API's OpenAPI
// document at /api/docs-json is the authority). Fields the CLI does not print are kept
// in `--json` output as the API sent them.

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Whoami {
  name: string;
  role: string;
  tenants: string[] | '*';
}

export type EventStatus =
  | 'received'
  | 'duplicate'
  | 'normalized'
  | 'drifted'
  | 'routed'
  | 'filtered'
  | 'unrouted'
  | 'delivered'
  | 'failed'
  | 'dead_lettered';

export interface EventSummary {
  rawEventId: string;
  tenantId: string;
  sourceId: string;
  provider: string;
  receivedAt: string;
  correlationId: string | null;
  eventIds: string[];
  types: string[];
  providerEventIds: string[];
  status: EventStatus;
}

export interface TimelineEntry {
  stage: string;
  state: string;
  occurredAt: string;
  eventId?: string | null;
  destinationId?: string | null;
  detail?: Record<string, unknown>;
}

export interface DeliveryAttempt {
  destinationId: string;
  eventId: string;
  attempt: number;
  /** `delivered`, `transient`, `permanent`, `skipped`, `deferred`… */
  outcome: string;
  status: number | null;
  durationMs: number;
  errorClass: string | null;
  reason: string;
  startedAt: string;
  [field: string]: unknown;
}

export interface EventDetail {
  raw: {
    id: string;
    tenantId: string;
    sourceId: string;
    provider: string;
    receivedAt: string;
    method: string;
    path: string;
    headers: Record<string, string>;
    contentType: string;
    body: string;
    correlationId: string | null;
  };
  events: { id: string; type: string; subject?: string; [field: string]: unknown }[];
  timeline: TimelineEntry[];
  attempts: DeliveryAttempt[];
}

export interface DeadLetter {
  id: string;
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  tenantId: string | null;
  stage: string;
  errorStage: string;
  errorClass: string;
  errorMessage: string;
  destinationId: string | null;
  rawEventId: string | null;
  eventId: string | null;
  correlationId: string | null;
  originalTopic: string;
  originalPartition: number;
  originalOffset: string;
  attempts: number;
  firstFailedAt: string | null;
  lastFailedAt: string | null;
  recordedAt: string;
  replayedAt: string | null;
}

export interface DeadLetterDetail extends DeadLetter {
  headers: Record<string, string>;
  /** UTF-8 text, or base64 when the value is not UTF-8 (`valueEncoding`). */
  value: string | null;
  valueEncoding: 'utf8' | 'base64';
}

export interface Groups {
  groups: { key: string; count: number }[];
}

export type ReplayState = 'dry-run' | 'pending' | 'running' | 'completed' | 'cancelled' | 'failed';

export interface ReplayJob {
  id: string;
  kind: string;
  state: ReplayState;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  total: number | null;
  sent: number;
  skipped: number;
  alreadyDelivered: number;
  failed: number;
  rate: number | null;
  force: boolean;
  request: unknown;
  error: string | null;
  preview?: { total: number; byReason: { key: string; count: number }[]; sample: unknown[] };
}

export const TERMINAL_REPLAY_STATES: readonly ReplayState[] = [
  'dry-run',
  'completed',
  'cancelled',
  'failed',
];

export interface DeadLetterFilter {
  tenant?: string;
  stage?: string;
  errorClass?: string;
  destination?: string;
  topic?: string;
  from?: string;
  to?: string;
  ids?: string[];
}

interface ReplayOptions {
  dryRun?: boolean;
  rate?: number;
  force?: boolean;
}

export type ReplayRequest =
  | ({ kind: 'dead-letters'; filter: DeadLetterFilter } & ReplayOptions)
  | ({
      kind: 'offset-range';
      topic: string;
      partition: number;
      fromOffset: string;
      toOffset: string;
    } & ReplayOptions)
  | ({ kind: 'raw-redrive'; sourceId: string; from: string; to: string } & Omit<
      ReplayOptions,
      'force'
    >);
