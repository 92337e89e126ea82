import { type Verification, type WebhookRequest, rejected, verified } from './provider.js';
import {
  computeHmac,
  decodeSignature,
  matchesAnySecret,
  type SignatureEncoding,
} from './signature.js';
import { readHeader } from './webhook-request.js';

export interface BodySignatureHeader {
  name: string;
  /** Text before the signature itself, e.g. `sha256=`. */
  prefix?: string;
  encoding: SignatureEncoding;
}

/**
 * A header carrying HMAC-SHA256 of the raw body and nothing else (GitHub, Shopify):
 * checked against every active secret.
 */
export function verifyBodySignature(
  request: WebhookRequest,
  secrets: readonly string[],
  header: BodySignatureHeader,
): Verification {
  const value = readHeader(request, header.name);
  if (!value) return rejected('missing-signature');
  const prefix = header.prefix ?? '';
  const signature = value.startsWith(prefix)
    ? decodeSignature(value.slice(prefix.length), header.encoding, 'sha256')
    : undefined;
  if (!signature) return rejected('malformed-signature');
  const matched = matchesAnySecret(
    secrets,
    (secret) => computeHmac('sha256', secret, [request.rawBody]),
    [signature],
  );
  return matched ? verified : rejected('bad-signature');
}
