import { isWithinTolerance, parseEpoch } from '../freshness.js';
import { type ProviderAdapter, rejected, verified } from '../provider.js';
import { ToleranceSettings } from '../settings.js';
import { stripeMappings } from './mappings.js';
import { computeHmac, decodeSignature, matchesAnySecret } from '../signature.js';
import {
  bodyDigestKey,
  isRecord,
  readHeader,
  readJsonObject,
  readStringField,
} from '../webhook-request.js';

export const StripeSettings = ToleranceSettings;
export type StripeSettings = ToleranceSettings;

const SIGNATURE_HEADER = 'stripe-signature';

interface StripeSignature {
  timestamp: string;
  signatures: Buffer[];
}

/** `t=<seconds>,v1=<hex>[,v1=<hex>...]`; other schemes (v0) are ignored, as Stripe's SDK does. */
function parseStripeSignature(header: string): StripeSignature | undefined {
  let timestamp: string | undefined;
  const signatures: Buffer[] = [];
  for (const item of header.split(',')) {
    const separator = item.indexOf('=');
    if (separator < 0) continue;
    const key = item.slice(0, separator).trim();
    const value = item.slice(separator + 1).trim();
    if (key === 't') timestamp = value;
    if (key === 'v1') {
      const signature = decodeSignature(value, 'hex', 'sha256');
      if (signature) signatures.push(signature);
    }
  }
  if (timestamp === undefined || parseEpoch(timestamp) === undefined || signatures.length === 0) {
    return undefined;
  }
  return { timestamp, signatures };
}

/** Stripe: `Stripe-Signature` over `${t}.${body}`; several `v1` entries while Stripe rolls a secret. */
export const stripeProvider: ProviderAdapter<StripeSettings> = {
  name: 'stripe',
  mediaTypes: ['application/json'],
  secretHeaders: [SIGNATURE_HEADER],
  settingsSchema: StripeSettings,

  verify(request, { secrets }, settings) {
    const header = readHeader(request, SIGNATURE_HEADER);
    if (!header) return rejected('missing-signature');
    const parsed = parseStripeSignature(header);
    if (!parsed) return rejected('malformed-signature');
    const matched = matchesAnySecret(
      secrets,
      (secret) => computeHmac('sha256', secret, [`${parsed.timestamp}.`, request.rawBody]),
      parsed.signatures,
    );
    if (!matched) return rejected('bad-signature');
    const signedAtMs = Number(parsed.timestamp) * 1000;
    if (!isWithinTolerance(signedAtMs, request.receivedAt, settings.toleranceSeconds)) {
      return rejected('stale-timestamp');
    }
    return verified;
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
