import { DEFAULT_RETRY_TIERS } from '@hookline/contracts';
import { z } from 'zod';
import { ConfigId, Duration } from './primitives.js';
import { StandardWebhooksSecretRef } from './secret-ref.js';
import { DEFAULT_DESTINATION_TIER, IntegrationTier } from './slo.js';

export const DESTINATION_KINDS = ['http', 'slack', 'kafka'] as const;
export const DEFAULT_DESTINATION_TIMEOUT = '10s';
export const MAX_PREVIOUS_SECRETS = 4;

/** Headers Hookline sets itself on every request; configuration cannot replace them. */
export const RESERVED_DELIVERY_HEADERS = [
  'content-type',
  'content-length',
  'host',
  'idempotency-key',
  'traceparent',
  'tracestate',
  'webhook-id',
  'webhook-signature',
  'webhook-timestamp',
] as const;

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/** Extra request headers: valid names, none of those Hookline sets itself. */
const DeliveryHeaders = z.record(z.string(), z.string()).superRefine((headers, ctx) => {
  for (const name of Object.keys(headers)) {
    const message = !HEADER_NAME.test(name)
      ? `"${name}" is not an HTTP header name`
      : (RESERVED_DELIVERY_HEADERS as readonly string[]).includes(name.toLowerCase())
        ? `header "${name}" is set by Hookline and cannot be configured`
        : undefined;
    if (message) ctx.addIssue({ code: 'custom', message, path: [name], input: name });
  }
});

/** A destination's rate: requests per second, shared by every executor replica. */
export const DestinationRateLimit = z.strictObject(
  {
    requestsPerSecond: z.number().positive(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unsupported key(s) ${issue.keys.join(', ')}: a destination's rateLimit takes requestsPerSecond only`
        : undefined,
  },
);

/** When the destination's circuit opens, and how it closes again. */
export const CircuitBreakerSettings = z.strictObject({
  /** Opens after this many failed attempts in a row. */
  consecutiveFailures: z.number().int().positive().default(5),
  /** Opens when at least this share of attempts in `window` failed... */
  failureRate: z.number().gt(0).max(1).default(0.5),
  /** ...once `window` saw at least this many attempts. */
  minimumAttempts: z.number().int().positive().default(10),
  window: Duration.default('30s'),
  /** How long it stays open before one probe is let through (half-open). */
  halfOpenAfter: Duration.default('30s'),
});

/** What every destination kind has: how its deliveries are timed, retried and limited. */
/** How long a destination may fail every attempt before it is disabled (events parked). */
export const DEFAULT_DISABLE_AFTER = '24h';

const DestinationBase = {
  id: ConfigId,
  timeout: Duration.default(DEFAULT_DESTINATION_TIMEOUT),
  retryTiers: z
    .array(Duration)
    .min(1, 'expected at least one retry tier')
    .default(() => [...DEFAULT_RETRY_TIERS]),
  rateLimit: DestinationRateLimit.optional(),
  /** Requests in flight at once, across all executor replicas. */
  concurrency: z.number().int().positive().optional(),
  circuitBreaker: CircuitBreakerSettings.prefault({}),
  /**
   * `stale-skip`: state-sync semantics, an event older (by its `time`) than the last one
   * delivered for the same subject is skipped as stale. Default `all`: every event.
   */
  ordering: z.enum(['all', 'stale-skip']).default('all'),
  /**
   * Disable the destination once every attempt failed for this long (and park its
   * events). Always set: a destination that never answers keeps its circuit open, and its
   * tasks wait without spending a tier, so without it they would never reach an end.
   */
  disableAfter: Duration.default(DEFAULT_DISABLE_AFTER),
  /** Integration tier (1 most critical, 3 least): which SLO its deliveries count towards. */
  tier: IntegrationTier.default(DEFAULT_DESTINATION_TIER),
};

const HttpUrl = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });

/** `http`: `POST url`, signed per Standard Webhooks. */
export const HttpDestination = z.strictObject({
  ...DestinationBase,
  kind: z.literal('http'),
  url: HttpUrl,
  /** A `whsec_` Standard Webhooks secret: requests are signed with it. */
  secret: StandardWebhooksSecretRef,
  /** Secrets being rotated out: requests carry a signature for each of these too. */
  previousSecrets: z
    .array(StandardWebhooksSecretRef)
    .max(MAX_PREVIOUS_SECRETS, `expected at most ${MAX_PREVIOUS_SECRETS} previous secrets`)
    .default([]),
  /** Sent on every request, after Hookline's own headers (which they cannot replace). */
  headers: DeliveryHeaders.default({}),
});

/** `slack`: a message to a Slack incoming-webhook URL. */
export const SlackDestination = z.strictObject({
  ...DestinationBase,
  kind: z.literal('slack'),
  url: HttpUrl,
  /** The message text; `{{ expression }}` is replaced by the expression's value on the event. */
  template: z.string().trim().min(1, 'expected a message template'),
});

/** `kafka`: the event on a downstream topic. */
export const KafkaDestination = z.strictObject({
  ...DestinationBase,
  kind: z.literal('kafka'),
  /** The topic, as written (no prefix is added). */
  topic: z
    .string()
    .regex(
      /^[A-Za-z0-9._-]{1,249}$/,
      'expected a Kafka topic name (letters, digits, ".", "_", "-")',
    ),
});

/** Where routed events are delivered; `kind` says how. */
export const Destination = z.discriminatedUnion('kind', [
  HttpDestination,
  SlackDestination,
  KafkaDestination,
]);
