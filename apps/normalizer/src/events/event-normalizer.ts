import { createHash } from 'node:crypto';
import { type IntegrationEvent, type RawWebhookEnvelope } from '@hookline/contracts';
import { getProvider, isProviderName } from '@hookline/providers';

/**
 * Turns a raw webhook into the canonical IntegrationEvent. Provider-specific mappings
 * (`stripe invoice.paid` → `billing.invoice.paid`) belong to each provider's folder;
 * what no mapping covers flows as `<provider>.<provider event type>` with the parsed
 * body as data, so nothing is dropped for want of a mapping.
 */
export function normalizeWebhook(envelope: RawWebhookEnvelope, body: Buffer): IntegrationEvent {
  const data = parseBody(envelope.contentType, body);
  const providerType = providerEventType(envelope, body, data) ?? 'webhook';
  const type = `${envelope.provider}.${providerType}`;
  return {
    // Derived from the raw event, so a republished raw event yields the same event id.
    id: `evt_${createHash('sha256').update(envelope.rawEventId).digest('hex').slice(0, 32)}`,
    source: `hookline://${envelope.tenantId}/sources/${envelope.sourceId}`,
    specversion: '1.0',
    type,
    subject: subjectOf(envelope, data),
    time: envelope.receivedAt,
    datacontenttype: 'application/json',
    data,
    tenantId: envelope.tenantId,
    provider: envelope.provider,
    providerEventId: envelope.dedupKey,
    idempotencyKey: `${envelope.provider}:${providerType}:${envelope.dedupKey}`,
    rawEventId: envelope.rawEventId,
    schemaVersion: 1,
    receivedAt: envelope.receivedAt,
  };
}

function parseBody(contentType: string, body: Buffer): unknown {
  const type = contentType.split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
  }
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return { base64: body.toString('base64') };
  }
}

function providerEventType(
  envelope: RawWebhookEnvelope,
  body: Buffer,
  data: unknown,
): string | undefined {
  if (!isProviderName(envelope.provider)) return undefined;
  const adapter = getProvider(envelope.provider);
  const request = {
    method: 'POST',
    url: '',
    headers: envelope.headers,
    rawBody: body,
    receivedAt: new Date(envelope.receivedAt),
  };
  const type = adapter.eventType?.(request, data);
  return type?.replace(/[^A-Za-z0-9_.-]+/g, '_');
}

/** The entity the event is about: the provider's object id when the body names one. */
function subjectOf(envelope: RawWebhookEnvelope, data: unknown): string {
  const object = (data as { data?: { object?: { id?: unknown } } } | undefined)?.data?.object;
  if (typeof object?.id === 'string') return `${envelope.provider}:${object.id}`;
  return `${envelope.provider}:${envelope.dedupKey}`;
}
