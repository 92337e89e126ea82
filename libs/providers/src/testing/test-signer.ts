import { createHmac } from 'node:crypto';

/** A genuine webhook, ready to `POST /webhooks/{sourceId}`. */
export interface SignedRequest {
  sourceId: string;
  headers: Record<string, string>;
  body: string;
}

export interface SigningOptions {
  /** The source's secret (for Standard Webhooks a `whsec_` one). */
  secret: string;
  sourceId: string;
  /** The body as JSON; by default the provider's `sample`, with fresh ids. */
  payload?: unknown;
  /**
   * A sample of the provider's folder (`samples/events/<name>.json`) whose body (unless
   * `payload` is given) and type headers (GitHub's event, Shopify's topic) are sent.
   */
  sample?: string;
  /** Unsigned headers to send as well (or instead), e.g. Shopify's `x-shopify-event-id`. */
  headers?: Record<string, string>;
  /** HubSpot signs the full URL it delivers to: ingest's public base URL. */
  publicBaseUrl?: string;
}

/** What a provider's signer signs: the body as sent, and the request's fresh id and time. */
export interface SigningInput {
  secret: string;
  sourceId: string;
  /** The exact body text that is sent. */
  body: string;
  /** A fresh UUID for this request, for providers that send a delivery id. */
  id: string;
  now: Date;
  /** A header of the chosen sample (GitHub's event, Shopify's topic), else `fallback`. */
  sampleHeader(name: string, fallback: string): string;
  /** Ingest's public base URL, without a trailing slash. */
  publicBaseUrl: string;
}

/**
 * How tests sign a genuine webhook of one provider: the provider's own library where one
 * exists, its documented recipe otherwise. One per provider folder
 * (`<provider>/testing/signer.ts`), listed in `testing/test-signers.ts`.
 */
export interface TestSigner {
  /** The sample (`samples/events/<name>.json`) signed when a test names none. */
  readonly defaultSample?: string;
  /** The body when a test gives neither a payload nor a sample (providers without samples). */
  defaultPayload?(id: string): unknown;
  /** A sample's body with the ids the provider dedups by replaced, so two sends are two events. */
  freshIds?(body: unknown, id: string): unknown;
  /** The request's headers: signature and delivery headers (content type is added). */
  sign(input: SigningInput): Record<string, string> | Promise<Record<string, string>>;
}

/** HMAC-SHA256 of `content`, written independently of the adapters' own `computeHmac`. */
export function hmacSha256(secret: string, content: string, encoding: 'hex' | 'base64'): string {
  return createHmac('sha256', secret).update(content).digest(encoding);
}

/** `id` without dashes: `evt_<hex>` style ids. */
export const compactId = (id: string) => id.replaceAll('-', '');

/** A copy of a JSON object body with one field replaced. */
export function withField(body: unknown, field: string, value: unknown): unknown {
  return { ...(body as Record<string, unknown>), [field]: value };
}
