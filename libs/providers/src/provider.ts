import { type z } from 'zod';
import { type EventMapping, type ProviderEvent } from './canonical/event-mapping.js';
import { type Hydrator } from './hydration.js';

/** One inbound webhook exactly as received, before anything parses it. */
export interface WebhookRequest {
  method: string;
  /** Path and query as received, e.g. `/webhooks/src_1?x=1`. */
  url: string;
  /** The full public URL, for providers that sign it (HubSpot v3), e.g. `https://hooks.example.com/webhooks/src_1`. */
  publicUrl?: string;
  /** Lower-cased header names. */
  headers: Record<string, string | undefined>;
  /** Byte-exact body: signatures are computed over these bytes, never over a re-serialisation. */
  rawBody: Buffer;
  receivedAt: Date;
}

/** A source's active secrets, newest first; several while a secret is being rotated. */
export interface SourceSecrets {
  secrets: string[];
}

export type VerificationFailure =
  'missing-signature' | 'bad-signature' | 'stale-timestamp' | 'malformed-signature';

export type Verification = { ok: true } | { ok: false; reason: VerificationFailure };

/** A reply the provider expects instead of normal processing (Slack url_verification, GitHub ping). */
export type Handshake =
  { kind: 'respond'; status: number; contentType: string; body: string } | undefined;

/**
 * What Hookline needs to know about one provider. Implementations are pure: no network,
 * no clock other than `request.receivedAt`, no state.
 */
export interface ProviderAdapter<Settings = unknown> {
  /** Stable name used in source configuration: `stripe`, `github`, ... */
  readonly name: string;
  /** Media types the provider sends (`'any'`: whatever the sender chose); anything else is answered 415. */
  readonly mediaTypes: readonly string[] | 'any';
  /** Lower-case names of headers that carry a signature or a secret: never stored, forwarded or logged. */
  readonly secretHeaders: readonly string[];
  /** Validates the per-source settings once, when configuration is loaded. */
  readonly settingsSchema: z.ZodType<Settings>;
  /** Proves the request came from the provider, trying every active secret. */
  verify(request: WebhookRequest, secrets: SourceSecrets, settings: Settings): Verification;
  /** The provider's delivery id when it has one, else `sha256:<hex of the body>`. */
  dedupKey(request: WebhookRequest, settings: Settings): string;
  /** Answered only after the request verified. */
  handshake?(request: WebhookRequest, settings: Settings): Handshake;
  /** Whether the provider says this is a redelivery; for metrics only. */
  isRetry?(request: WebhookRequest): boolean;
  /** The provider's own event type when it is cheap to read; `body` is the parsed JSON body. */
  eventType?(request: WebhookRequest, body: unknown): string | undefined;
  /** The events a verified request carries, when not exactly one named by `eventType` (HubSpot batches). */
  events?(request: WebhookRequest, body: unknown): ProviderEvent[];
  /** Canonical mappings of the provider's common event types; other types flow unmapped. */
  readonly mappings?: readonly EventMapping[];
  /** The entity an unmapped event is about, when the payload names one. */
  subjectOf?(event: ProviderEvent): string | undefined;
  /** An unmapped event's `data`, when not the whole payload (a hydrated Stripe thin event: its object). */
  dataOf?(event: ProviderEvent): unknown;
  /** How the provider's thin webhooks are filled in from its API, for sources that ask (`hydrate`). */
  readonly hydrator?: Hydrator;
}

/** A provider's settings or the request's context cannot work; a configuration mistake, not a forged request. */
export class ProviderConfigurationError extends Error {
  override readonly name = 'ProviderConfigurationError';
}

export const verified: Verification = { ok: true };

export function rejected(reason: VerificationFailure): Verification {
  return { ok: false, reason };
}
