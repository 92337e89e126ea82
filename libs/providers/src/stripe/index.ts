import { type ProviderAdapter } from '../provider.js';
import { ToleranceSettings } from '../settings.js';
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

  /** Any Stripe event carries its object in `data.object`. */
  subjectOf({ payload }) {
    const data = isRecord(payload) ? payload['data'] : undefined;
    const id = isRecord(data) ? readStringField(data['object'], 'id') : undefined;
    return id === undefined ? undefined : `stripe:${id}`;
  },
};
