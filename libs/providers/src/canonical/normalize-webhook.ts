import { createHash } from 'node:crypto';
import { type IntegrationEvent, type RawWebhookEnvelope } from '@hookline/contracts';
import { type ProviderAdapter } from '../provider.js';
import { type PayloadDriftError } from './event-mapping.js';
import { getProvider, isProviderName } from '../registry.js';
import { type CanonicalOutcome, canonicalEvents } from './canonical-events.js';

/** What one raw webhook became: its canonical events, and the items whose payload drifted. */
export interface NormalizedWebhook {
  events: { event: IntegrationEvent; mapped: boolean }[];
  drifted: PayloadDriftError[];
}

/**
 * Turns a raw webhook into canonical IntegrationEvents, one per event it carries (a
 * HubSpot batch carries many). The provider's folder maps its common types
 * (`stripe invoice.paid` → `billing.invoice.paid`); what no mapping covers flows as
 * `<provider>.<provider event type>` with the parsed body as data. A mapped payload that
 * no longer fits its schema is returned as drift, never half-mapped. Deterministic: the
 * same raw webhook gives the same events (the operator API shows them from the raw store).
 */
export function normalizeWebhook(envelope: RawWebhookEnvelope, body: Buffer): NormalizedWebhook {
  const data = parseBody(envelope.contentType, body);
  const adapter: ProviderAdapter | undefined = isProviderName(envelope.provider)
    ? getProvider(envelope.provider)
    : undefined;
  const request = {
    method: 'POST',
    url: '',
    headers: envelope.headers,
    rawBody: body,
    receivedAt: new Date(envelope.receivedAt),
  };
  const outcomes = canonicalEvents(envelope.provider, adapter, request, data, envelope.dedupKey);
  const result: NormalizedWebhook = { events: [], drifted: [] };
  outcomes.forEach((outcome, index) => {
    if (outcome.ok) {
      const event = toIntegrationEvent(envelope, outcome, index, outcomes.length);
      result.events.push({ event, mapped: outcome.event.mapped });
    } else result.drifted.push(outcome.error);
  });
  return result;
}

function toIntegrationEvent(
  envelope: RawWebhookEnvelope,
  { event }: Extract<CanonicalOutcome, { ok: true }>,
  index: number,
  count: number,
): IntegrationEvent {
  // Derived from the raw event (and the item's place in a batch), so republishing a raw
  // event yields the same event ids.
  const seed = count === 1 ? envelope.rawEventId : `${envelope.rawEventId}\u0000${index}`;
  return {
    id: `evt_${createHash('sha256').update(seed).digest('hex').slice(0, 32)}`,
    source: `hookline://${envelope.tenantId}/sources/${envelope.sourceId}`,
    specversion: '1.0',
    type: event.type,
    subject: event.subject,
    time: envelope.receivedAt,
    datacontenttype: 'application/json',
    data: event.data,
    tenantid: envelope.tenantId,
    provider: envelope.provider,
    providereventid: event.providerEventId,
    idempotencykey: event.idempotencyKey,
    raweventid: envelope.rawEventId,
    schemaversion: 1,
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
