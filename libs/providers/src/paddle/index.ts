import { type ProviderAdapter } from '../provider.js';
import { ToleranceSettings } from '../settings.js';
import {
  type TimestampedSignatureHeader,
  verifyTimestampedSignature,
} from '../timestamped-signature.js';
import { bodyDigestKey, isRecord, readJsonObject, readStringField } from '../webhook-request.js';
import { paddleMappings } from './mappings.js';

export const PaddleSettings = ToleranceSettings;
export type PaddleSettings = ToleranceSettings;

const SIGNATURE_HEADER = 'paddle-signature';

/** `ts=<seconds>;h1=<hex>[;h1=<hex>...]`: several `h1` while a secret is rotated. */
const SIGNATURE: TimestampedSignatureHeader = {
  name: SIGNATURE_HEADER,
  itemSeparator: ';',
  timestampKey: 'ts',
  signatureKey: 'h1',
  joiner: ':',
};

/** Paddle Billing: `Paddle-Signature: ts=..;h1=..`, HMAC-SHA256 of `${ts}:${body}` with the endpoint's secret key, hex. */
export const paddleProvider: ProviderAdapter<PaddleSettings> = {
  name: 'paddle',
  mediaTypes: ['application/json'],
  secretHeaders: [SIGNATURE_HEADER],
  settingsSchema: PaddleSettings,

  verify(request, { secrets }, settings) {
    return verifyTimestampedSignature(request, secrets, settings.toleranceSeconds, SIGNATURE);
  },

  /** Paddle redelivers a notification with the same `event_id`. */
  dedupKey(request) {
    return (
      readStringField(readJsonObject(request.rawBody), 'event_id') ?? bodyDigestKey(request.rawBody)
    );
  },

  eventType(_request, body) {
    return readStringField(body, 'event_type');
  },

  mappings: paddleMappings,

  subjectOf({ payload }) {
    const id = isRecord(payload) ? readStringField(payload['data'], 'id') : undefined;
    return id === undefined ? undefined : `paddle:${id}`;
  },
};
