// The operator API's shapes (docs/console.md, `/api/docs`): what the console reads and sends.

export type OperatorRole = 'viewer' | 'operator' | 'admin';

export interface WhoAmI {
  name: string;
  role: OperatorRole;
  tenants: readonly string[] | '*';
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
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

export const EVENT_STATUSES: readonly EventStatus[] = [
  'received',
  'duplicate',
  'normalized',
  'drifted',
  'routed',
  'filtered',
  'unrouted',
  'delivered',
  'failed',
  'dead_lettered',
];

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

export interface RawRequest {
  id: string;
  tenantId: string;
  sourceId: string;
  provider: string;
  receivedAt: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  contentType: string | null;
  body: string;
  correlationId: string | null;
}

export interface TimelineEntry {
  id?: string;
  stage: string;
  state: string;
  eventId?: string | null;
  destinationId?: string | null;
  detail?: Record<string, unknown>;
  occurredAt: string;
}

export interface DeliveryAttempt {
  id?: string;
  eventId: string;
  destinationId: string;
  attempt: number;
  outcome: string;
  status: number | null;
  durationMs: number;
  errorClass: string | null;
  reason: string;
  responseSnippet: string | null;
  startedAt: string;
}

export interface IntegrationEventView {
  id: string;
  type: string;
  subject?: string;
  providereventid?: string;
  time?: string;
  [field: string]: unknown;
}

export interface EventDetail {
  raw: RawRequest;
  events: IntegrationEventView[];
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
  errorClass: string;
  errorMessage: string;
  destinationId: string | null;
  originalTopic: string;
  originalPartition: number;
  originalOffset: string;
  attempts: number;
  firstFailedAt: string | null;
  lastFailedAt: string | null;
  recordedAt: string;
  replayedAt: string | null;
}

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

export interface Group {
  key: string;
  count: number;
}

export type ReplayState = 'dry-run' | 'pending' | 'running' | 'completed' | 'cancelled' | 'failed';

export interface ReplayJob {
  id: string;
  kind: 'dead-letters' | 'offset-range' | 'time-range' | 'raw-redrive';
  state: ReplayState;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  total: number;
  sent: number;
  skipped: number;
  alreadyDelivered: number;
  failed: number;
  rate: number | null;
  force: boolean;
  request: unknown;
  error: string | null;
  preview?: { total: number; byReason: Group[]; sample: unknown[] };
}

export type ReplayRequest =
  | { kind: 'dead-letters'; filter: DeadLetterFilter; dryRun?: boolean; rate?: number }
  | {
      kind: 'offset-range';
      topic: string;
      partition: number;
      fromOffset: string;
      toOffset: string;
      dryRun?: boolean;
      rate?: number;
    };

export interface SourceView {
  tenantId: string;
  id: string;
  provider: string;
  webhookUrl: string;
  lastReceived: { rawEventId: string; receivedAt: string }[];
}

export interface DestinationView {
  tenantId: string;
  id: string;
  kind: string;
  target: string;
  state: 'healthy' | 'failing' | 'disabled';
  breakerOpen: boolean;
  failingSince: string | null;
  disabledAt: string | null;
  disabledWhy: string | null;
  parked: number;
}

export interface RouteView {
  tenantId: string;
  id: string;
  eventTypes: string[];
  filter: string | null;
  transform: boolean;
  destination: string;
}

/** One labelled number of the overview, e.g. `{ key: 'hookline.events.v1', value: 3 }`. */
export interface Reading {
  key: string;
  value: number;
}

export interface DestinationDelivery {
  destination: string;
  attempts: number;
  delivered: number;
  successRate: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
}

/** Counters are totals since each service started; the console turns them into rates. */
export interface Overview {
  at: string;
  handledByStage: Reading[];
  lagByTopic: Reading[];
  retriedByTier: Reading[];
  deadLetters: { total: number; lastHour: number; byReason: Group[] };
  deliveries: DestinationDelivery[];
  openBreakers: string[];
  disabledDestinations: string[];
  scrapeErrors: string[];
}
