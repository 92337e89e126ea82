import { readFileSync } from 'node:fs';
import { type WebhookRequest } from '../provider.js';

/** When every test request "arrives", unless a test says otherwise. */
export const RECEIVED_AT = new Date('2026-03-01T12:00:00.000Z');
export const RECEIVED_AT_SECONDS = Math.floor(RECEIVED_AT.getTime() / 1000);

/** A POST as ingest would hand it to an adapter. */
export function buildRequest(
  body: string | Buffer,
  headers: Record<string, string | undefined>,
  overrides: Partial<WebhookRequest> = {},
): WebhookRequest {
  return {
    method: 'POST',
    url: '/webhooks/src_1',
    headers,
    rawBody: typeof body === 'string' ? Buffer.from(body) : body,
    receivedAt: RECEIVED_AT,
    ...overrides,
  };
}

/** The same request with some headers replaced (undefined removes one). */
export function withHeaders(
  request: WebhookRequest,
  headers: Record<string, string | undefined>,
): WebhookRequest {
  return { ...request, headers: { ...request.headers, ...headers } };
}

/** A sample payload's exact bytes; `url` is relative to the spec, e.g. `new URL('./samples/x.json', import.meta.url)`. */
export function readSample(url: URL): Buffer {
  return readFileSync(url);
}
