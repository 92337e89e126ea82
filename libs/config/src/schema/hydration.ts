import { z } from 'zod';
import { Duration } from './primitives.js';
import { SecretRef } from './secret-ref.js';

export const DEFAULT_HYDRATION_TIMEOUT = '5s';

/** How one fetch from the provider's API is retried before the record goes to its retry tier. */
export const HydrationRetries = z.strictObject({
  /** Attempts in all, the first included; 1 = no retry. */
  attempts: z.number().int().min(1).max(10).default(3),
  /** The delay after the first failed attempt, doubled after each next one (with jitter)... */
  initialDelay: Duration.default('200ms'),
  /** ...up to this. */
  maxDelay: Duration.default('2s'),
});

/** When a source's fetches stop being tried (the API is down), and when one probe goes through. */
export const HydrationCircuitBreaker = z.strictObject({
  consecutiveFailures: z.number().int().positive().default(5),
  halfOpenAfter: Duration.default('30s'),
});

/**
 * A source whose provider sends thin webhooks (HubSpot's ids, Stripe's thin events):
 * before normalising, the normalizer reads the full objects from the provider's API
 * with the source's credentials.
 */
export const SourceHydration = z.strictObject({
  enabled: z.boolean().default(true),
  /** The API's base URL; default the provider's (`https://api.hubapi.com`, `https://api.stripe.com`). */
  apiBaseUrl: z
    .url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' })
    .optional(),
  credentials: z.strictObject({
    /** Sent as `Authorization: Bearer <token>`: a HubSpot access token, a Stripe secret or restricted key. */
    token: SecretRef,
  }),
  /** Requests per second to the API, per normalizer replica (a token bucket). */
  rateLimit: z.strictObject({ perSecond: z.number().positive() }).prefault({ perSecond: 10 }),
  retries: HydrationRetries.prefault({}),
  /** Each request, from connecting to the last byte of the answer. */
  timeout: Duration.default(DEFAULT_HYDRATION_TIMEOUT),
  circuitBreaker: HydrationCircuitBreaker.prefault({}),
});
export type SourceHydration = z.output<typeof SourceHydration>;
