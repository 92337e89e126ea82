import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** `hl_<id>_<secret>`: the id finds the row, the secret proves possession. */
const TOKEN = /^hl_([a-z0-9][a-z0-9-]{0,63})_(.+)$/;

export interface TokenParts {
  id: string;
  secret: string;
}

export function formatToken(id: string, secret: string): string {
  return `hl_${id}_${secret}`;
}

export function parseToken(text: string): TokenParts | undefined {
  const match = TOKEN.exec(text);
  return match ? { id: match[1] as string, secret: match[2] as string } : undefined;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Constant-time: the comparison says nothing about how close a guess was. */
export function secretMatches(secret: string, sha256: string): boolean {
  const expected = Buffer.from(sha256, 'hex');
  const actual = createHash('sha256').update(secret).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** A new API token: random id (no `_`) and a 256-bit secret. */
export function newToken(): TokenParts & { token: string } {
  const id = randomBytes(10).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, secret, token: formatToken(id, secret) };
}
