import { isWithinTolerance, parseEpoch } from '../freshness.js';
import {
  type ProviderAdapter,
  ProviderConfigurationError,
  rejected,
  verified,
} from '../provider.js';
import { ToleranceSettings } from '../settings.js';
import { computeHmac, decodeSignature, matchesAnySecret } from '../signature.js';
import { bodyDigestKey, readHeader, readStringField } from '../webhook-request.js';

export const StandardWebhooksSettings = ToleranceSettings;
export type StandardWebhooksSettings = ToleranceSettings;

const ID_HEADER = 'webhook-id';
const TIMESTAMP_HEADER = 'webhook-timestamp';
const SIGNATURE_HEADER = 'webhook-signature';
const SECRET_PREFIX = 'whsec_';

/** The HMAC key: the secret's base64 payload after `whsec_`, as the specification defines it. */
function signingKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 !== 0) {
    throw new ProviderConfigurationError(
      'A standard-webhooks secret must be base64, optionally prefixed with whsec_.',
    );
  }
  return Buffer.from(encoded, 'base64');
}

/** `v1,<base64>` entries separated by spaces; other versions (v1a: asymmetric) are skipped. */
function parseSignatures(header: string): Buffer[] {
  const signatures: Buffer[] = [];
  for (const entry of header.split(' ')) {
    const [version, value] = entry.split(',', 2);
    const signature =
      version === 'v1' && value ? decodeSignature(value, 'base64', 'sha256') : undefined;
    if (signature) signatures.push(signature);
  }
  return signatures;
}

/**
 * Standard Webhooks (Svix and others): HMAC-SHA256 of `${webhook-id}.${webhook-timestamp}.${body}`,
 * keyed with the base64-decoded secret; `webhook-signature` may carry several `v1,` entries.
 */
export const standardWebhooksProvider: ProviderAdapter<StandardWebhooksSettings> = {
  name: 'standard-webhooks',
  mediaTypes: ['application/json'],
  secretHeaders: [SIGNATURE_HEADER],
  settingsSchema: StandardWebhooksSettings,

  verify(request, { secrets }, settings) {
    const header = readHeader(request, SIGNATURE_HEADER);
    if (!header) return rejected('missing-signature');
    const id = readHeader(request, ID_HEADER);
    const timestamp = readHeader(request, TIMESTAMP_HEADER);
    const signedAt = timestamp === undefined ? undefined : parseEpoch(timestamp);
    const signatures = parseSignatures(header);
    if (!id || signedAt === undefined || signatures.length === 0) {
      return rejected('malformed-signature');
    }
    const matched = matchesAnySecret(
      secrets,
      (secret) =>
        computeHmac('sha256', signingKey(secret), [`${id}.${timestamp}.`, request.rawBody]),
      signatures,
    );
    if (!matched) return rejected('bad-signature');
    if (!isWithinTolerance(signedAt * 1000, request.receivedAt, settings.toleranceSeconds)) {
      return rejected('stale-timestamp');
    }
    return verified;
  },

  dedupKey(request) {
    return readHeader(request, ID_HEADER) ?? bodyDigestKey(request.rawBody);
  },

  /** The specification's payload carries its event type in `type`. */
  eventType(_request, body) {
    return readStringField(body, 'type');
  },
};
