import { type ProviderAdapter } from '../provider.js';
import { getProvider, isProviderName } from '../registry.js';
import { canonicalEvents } from './canonical-events.js';

/** What ingest knows of a stored webhook when it publishes it. */
export interface StoredWebhook {
  tenantId: string;
  sourceId: string;
  provider: string;
  dedupKey: string;
  headers: Record<string, string>;
  contentType: string;
  body: Buffer;
  receivedAt: Date;
}

/**
 * The Kafka key of a raw webhook on `hookline.ingested.v1`: `<tenant>:<subject>` when
 * every event it carries is about one entity, so the webhooks about one entity are
 * normalised one after another, in the order they arrived, while one source's other
 * entities are normalised in parallel. A webhook about several entities (a mixed HubSpot
 * batch) or none that can be read is keyed by its delivery: `<source>:<dedup key>`.
 */
export function ingestedKeyOf(webhook: StoredWebhook): string {
  const fallback = `${webhook.sourceId}:${webhook.dedupKey}`;
  const body = parseJson(webhook.contentType, webhook.body);
  if (body === undefined) return fallback;
  const adapter: ProviderAdapter | undefined = isProviderName(webhook.provider)
    ? getProvider(webhook.provider)
    : undefined;
  const request = {
    method: 'POST',
    url: '',
    headers: webhook.headers,
    rawBody: webhook.body,
    receivedAt: webhook.receivedAt,
  };
  const outcomes = canonicalEvents(webhook.provider, adapter, request, body, webhook.dedupKey);
  const subjects = new Set(
    outcomes.map((outcome) => (outcome.ok ? outcome.event.subject : undefined)),
  );
  const [subject] = subjects;
  return subjects.size === 1 && subject !== undefined ? `${webhook.tenantId}:${subject}` : fallback;
}

function parseJson(contentType: string, body: Buffer): unknown {
  if (!/json/i.test(contentType)) return undefined;
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
