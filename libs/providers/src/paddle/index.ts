import { isWithinTolerance, parseEpoch } from '../freshness.js';
import { type ProviderAdapter, rejected, verified } from '../provider.js';
import { ToleranceSettings } from '../settings.js';
import { computeHmac, decodeSignature, matchesAnySecret } from '../signature.js';
import {
  bodyDigestKey,
  isRecord,
  readHeader,
  readJsonObject,
  readStringField,
} from '../webhook-request.js';
import { paddleMappings } from './mappings.js';

export const PaddleSettings = ToleranceSettings;
export type PaddleSettings = ToleranceSettings;

const SIGNATURE_HEADER = 'paddle-signature';

/** `ts=<seconds>;h1=<hex>[;h1=<hex>...]`: several `h1` while a secret is rotated. */
function parsePaddleSignature(
  header: string,
): { timestamp: string; signatures: Buffer[] } | undefined {
  let timestamp: string | undefined;
  const signatures: Buffer[] = [];
  for (const item of header.split(';')) {
    const [key, value] = item.split('=', 2).map((part) => part.trim());
    if (key === 'ts' && value) timestamp = value;
    if (key === 'h1' && value) {
      const signature = decodeSignature(value, 'hex', 'sha256');
      if (signature) signatures.push(signature);
    }
  }
  if (timestamp === undefined || parseEpoch(timestamp) === undefined || signatures.length === 0)
    return undefined;
  return { timestamp, signatures };
}

/** Paddle Billing: `Paddle-Signature: ts=..;h1=..`, HMAC-SHA256 of `${ts}:${body}` with the endpoint's secret key, hex. */
export const paddleProvider: ProviderAdapter<PaddleSettings> = {
  name: 'paddle',
  mediaTypes: ['application/json'],
  secretHeaders: [SIGNATURE_HEADER],
  settingsSchema: PaddleSettings,

  verify(request, { secrets }, settings) {
    const header = readHeader(request, SIGNATURE_HEADER);
    if (!header) return rejected('missing-signature');
    const parsed = parsePaddleSignature(header);
    if (!parsed) return rejected('malformed-signature');
    const matched = matchesAnySecret(
      secrets,
      (secret) => computeHmac('sha256', secret, [`${parsed.timestamp}:`, request.rawBody]),
      parsed.signatures,
    );
    if (!matched) return rejected('bad-signature');
    if (
      !isWithinTolerance(
        Number(parsed.timestamp) * 1000,
        request.receivedAt,
        settings.toleranceSeconds,
      )
    ) {
      return rejected('stale-timestamp');
    }
    return verified;
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
