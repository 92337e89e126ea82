import { type ProviderAdapter, type WebhookRequest } from '../provider.js';
import { type EventMapping, type ProviderEvent, PayloadDriftError } from './event-mapping.js';

/** What a provider event means, before the normalizer adds Hookline's envelope attributes. */
export interface CanonicalEvent {
  /** Canonical (`billing.invoice.paid`) when mapped, else `<provider>.<provider type>`. */
  type: string;
  subject: string;
  data: unknown;
  providerType: string;
  /** The provider's id of the event (or of the object it is about). */
  providerEventId: string;
  /** Provider + provider type + external id: the same event resent under a new delivery id has the same key. */
  idempotencyKey: string;
  mapped: boolean;
}

/** The result of one provider event: its canonical event, or why its payload drifted. */
export type CanonicalOutcome =
  { ok: true; event: CanonicalEvent } | { ok: false; error: PayloadDriftError };

const UNSAFE_TYPE_CHARACTERS = /[^A-Za-z0-9_.-]+/g;

/** The events a verified request carries: the adapter's split, or one event named by `eventType`. */
export function providerEventsOf(
  adapter: ProviderAdapter | undefined,
  request: WebhookRequest,
  body: unknown,
  deliveryId: string,
): ProviderEvent[] {
  if (adapter?.events) return adapter.events(request, body);
  return [
    {
      providerType: adapter?.eventType?.(request, body) ?? 'webhook',
      externalId: deliveryId,
      payload: body,
    },
  ];
}

/**
 * Maps every event of a request. An event whose type has a mapping must fit its schema
 * (else a `PayloadDriftError` naming the field path); an unmapped type flows as
 * `<provider>.<type>` with the payload as data.
 */
export function canonicalEvents(
  provider: string,
  adapter: ProviderAdapter | undefined,
  request: WebhookRequest,
  body: unknown,
  deliveryId: string,
): CanonicalOutcome[] {
  return providerEventsOf(adapter, request, body, deliveryId).map((item) => {
    const mapping = adapter?.mappings?.find((m) => m.providerType === item.providerType);
    const fallbackId = item.externalId ?? deliveryId;
    if (!mapping) {
      const providerType = item.providerType.replace(UNSAFE_TYPE_CHARACTERS, '_');
      return {
        ok: true,
        event: {
          type: `${provider}.${providerType}`,
          subject: adapter?.subjectOf?.(item) ?? `${provider}:${fallbackId}`,
          data: adapter?.dataOf ? adapter.dataOf(item) : item.payload,
          providerType,
          providerEventId: fallbackId,
          idempotencyKey: `${provider}:${providerType}:${fallbackId}`,
          mapped: false,
        },
      };
    }
    return mapEvent(provider, mapping, item, fallbackId);
  });
}

function mapEvent(
  provider: string,
  mapping: EventMapping,
  item: ProviderEvent,
  fallbackId: string,
): CanonicalOutcome {
  const parsed = mapping.schema.safeParse(item.payload);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const path = (issue?.path ?? []).map(String).join('.');
    const problem = issue?.message ?? 'invalid payload';
    return { ok: false, error: new PayloadDriftError(provider, item.providerType, path, problem) };
  }
  const payload = parsed.data;
  const type = typeof mapping.type === 'string' ? mapping.type : mapping.type(payload);
  const externalId = mapping.externalId?.(payload) ?? fallbackId;
  return {
    ok: true,
    event: {
      type,
      subject: mapping.subject(payload),
      data: mapping.data(payload),
      providerType: item.providerType,
      providerEventId: externalId,
      idempotencyKey: `${provider}:${item.providerType}:${externalId}`,
      mapped: true,
    },
  };
}
