import { isWithinTolerance, parseEpoch } from './freshness.js';
import { type Verification, type WebhookRequest, rejected, verified } from './provider.js';
import { computeHmac, decodeSignature, matchesAnySecret } from './signature.js';
import { readHeader } from './webhook-request.js';

/**
 * A header of `key=value` items carrying a timestamp in seconds and one or more
 * hex HMAC-SHA256 signatures of `${timestamp}${joiner}${body}` (Stripe, Paddle).
 */
export interface TimestampedSignatureHeader {
  name: string;
  /** Between items: `,` (Stripe) or `;` (Paddle). */
  itemSeparator: string;
  timestampKey: string;
  /** Several while a secret is rotated; other schemes are ignored. */
  signatureKey: string;
  /** Between the timestamp and the body in the signed content. */
  joiner: string;
}

export function parseTimestampedSignature(
  value: string,
  header: TimestampedSignatureHeader,
): { timestamp: string; signatures: Buffer[] } | undefined {
  let timestamp: string | undefined;
  const signatures: Buffer[] = [];
  for (const item of value.split(header.itemSeparator)) {
    const separator = item.indexOf('=');
    if (separator < 0) continue;
    const key = item.slice(0, separator).trim();
    const text = item.slice(separator + 1).trim();
    if (key === header.timestampKey && text) timestamp = text;
    if (key === header.signatureKey) {
      const signature = decodeSignature(text, 'hex', 'sha256');
      if (signature) signatures.push(signature);
    }
  }
  if (timestamp === undefined || parseEpoch(timestamp) === undefined || signatures.length === 0)
    return undefined;
  return { timestamp, signatures };
}

/** Checked against every active secret, then the timestamp against the tolerance. */
export function verifyTimestampedSignature(
  request: WebhookRequest,
  secrets: readonly string[],
  toleranceSeconds: number | undefined,
  header: TimestampedSignatureHeader,
): Verification {
  const value = readHeader(request, header.name);
  if (!value) return rejected('missing-signature');
  const parsed = parseTimestampedSignature(value, header);
  if (!parsed) return rejected('malformed-signature');
  const matched = matchesAnySecret(
    secrets,
    (secret) =>
      computeHmac('sha256', secret, [`${parsed.timestamp}${header.joiner}`, request.rawBody]),
    parsed.signatures,
  );
  if (!matched) return rejected('bad-signature');
  if (!isWithinTolerance(Number(parsed.timestamp) * 1000, request.receivedAt, toleranceSeconds))
    return rejected('stale-timestamp');
  return verified;
}
