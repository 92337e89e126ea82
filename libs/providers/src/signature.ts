import { createHmac, timingSafeEqual, type BinaryLike, type KeyObject } from 'node:crypto';
import { ProviderConfigurationError } from './provider.js';

export type HmacAlgorithm = 'sha1' | 'sha256' | 'sha512';
export type SignatureEncoding = 'hex' | 'base64';

const DIGEST_BYTES: Record<HmacAlgorithm, number> = { sha1: 20, sha256: 32, sha512: 64 };
const HEX = /^[0-9a-f]+$/i;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** HMAC over the parts in order; the body goes in as bytes, never re-encoded. */
export function computeHmac(
  algorithm: HmacAlgorithm,
  key: BinaryLike | KeyObject,
  parts: readonly (string | Buffer)[],
): Buffer {
  const mac = createHmac(algorithm, key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/** Constant-time equality; buffers of different lengths are unequal, without throwing. */
export function constantTimeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Decodes a signature as sent. Undefined when it is not valid in its encoding or is not
 * the algorithm's digest length, which callers report as a malformed signature.
 */
export function decodeSignature(
  value: string,
  encoding: SignatureEncoding,
  algorithm: HmacAlgorithm,
): Buffer | undefined {
  const pattern = encoding === 'hex' ? HEX : BASE64;
  if (!pattern.test(value) || (encoding === 'base64' && value.length % 4 !== 0)) return undefined;
  const bytes = Buffer.from(value, encoding);
  return bytes.length === DIGEST_BYTES[algorithm] ? bytes : undefined;
}

/**
 * Whether any provided signature equals the one computed with any active secret.
 * Every pair is compared, whatever matched first, so neither the answer's timing nor its
 * content tells which secret (or which provided signature) came close.
 */
export function matchesAnySecret(
  secrets: readonly string[],
  expectedFor: (secret: string) => Buffer,
  provided: readonly Buffer[],
): boolean {
  if (secrets.length === 0) {
    throw new ProviderConfigurationError('The source has no active secret to verify with.');
  }
  let matched = false;
  for (const secret of secrets) {
    const expected = expectedFor(secret);
    for (const candidate of provided) {
      matched = constantTimeEqual(expected, candidate) || matched;
    }
  }
  return matched;
}
