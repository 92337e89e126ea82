import { createHash } from 'node:crypto';
import { type WebhookRequest } from './provider.js';

/** A header's trimmed value, or undefined when absent or blank. */
export function readHeader(request: WebhookRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()]?.trim();
  return value ? value : undefined;
}

/** The body parsed as a JSON object, or undefined when it is not one (form bodies, arrays, junk). */
export function readJsonObject(rawBody: Buffer): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(rawBody.toString('utf8'));
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty string property of a parsed body, else undefined. */
export function readStringField(value: unknown, key: string): string | undefined {
  if (!isRecord(value)) return undefined;
  const field = value[key];
  return typeof field === 'string' && field.length > 0 ? field : undefined;
}

/** The dedup key of a delivery without an id of its own: the body's SHA-256. */
export function bodyDigestKey(rawBody: Buffer): string {
  return `sha256:${createHash('sha256').update(rawBody).digest('hex')}`;
}
