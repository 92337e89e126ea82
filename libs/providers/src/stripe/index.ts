import { type ProviderAdapter } from '../provider.js';
import { ToleranceSettings } from '../settings.js';
import { stripeHydrator } from './hydration.js';
import { stripeMappings } from './mappings.js';
import {
  type TimestampedSignatureHeader,
  verifyTimestampedSignature,
} from '../timestamped-signature.js';
import { bodyDigestKey, isRecord, readJsonObject, readStringField } from '../webhook-request.js';

export const StripeSettings = ToleranceSettings;
export type StripeSettings = ToleranceSettings;

const SIGNATURE_HEADER = 'stripe-signature';

/** `t=<seconds>,v1=<hex>[,v1=<hex>...]`; other schemes (v0) are ignored, as Stripe's SDK does. */
const SIGNATURE: TimestampedSignatureHeader = {
  name: SIGNATURE_HEADER,
  itemSeparator: ',',
  timestampKey: 't',
  signatureKey: 'v1',
  joiner: '.',
};

/** Stripe: `Stripe-Signature` over `${t}.${body}`; several `v1` entries while Stripe rolls a secret. */
export const stripeProvider: ProviderAdapter<StripeSettings> = {
  name: 'stripe',
  mediaTypes: ['application/json'],
  secretHeaders: [SIGNATURE_HEADER],
  settingsSchema: StripeSettings,

  verify(request, { secrets }, settings) {
    return verifyTimestampedSignature(request, secrets, settings.toleranceSeconds, SIGNATURE);
  },

  dedupKey(request) {
    return readStringField(readJsonObject(request.rawBody), 'id') ?? bodyDigestKey(request.rawBody);
  },

  eventType(_request, body) {
    return readStringField(body, 'type');
  },

  mappings: stripeMappings,

  /** A snapshot event carries its object in `data.object`; a thin event names it in `related_object`. */
  subjectOf({ payload }) {
    const id =
      readStringField(objectOf(payload), 'id') ?? readStringField(relatedOf(payload), 'id');
    return id === undefined ? undefined : `stripe:${id}`;
  },

  /** A thin event, once hydrated, is about its object: that is its data. */
  dataOf({ payload }) {
    const object = isThinEvent(payload) ? objectOf(payload) : undefined;
    return object ?? payload;
  },

  hydrator: stripeHydrator,
};

const isThinEvent = (payload: unknown) =>
  isRecord(payload) && payload['object'] === 'v2.core.event';

function objectOf(payload: unknown): Record<string, unknown> | undefined {
  const data = isRecord(payload) ? payload['data'] : undefined;
  const object = isRecord(data) ? data['object'] : undefined;
  return isRecord(object) ? object : undefined;
}

const relatedOf = (payload: unknown) => (isRecord(payload) ? payload['related_object'] : undefined);
