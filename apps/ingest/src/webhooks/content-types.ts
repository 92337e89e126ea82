import { type ProviderName } from '@hookline/providers';

const JSON_ONLY = ['application/json'];

/** Media types each provider sends; anything else is answered 415. */
export const ACCEPTED_MEDIA_TYPES: Record<ProviderName, readonly string[] | 'any'> = {
  stripe: JSON_ONLY,
  // GitHub lets the hook owner pick form encoding.
  github: ['application/json', 'application/x-www-form-urlencoded'],
  // Slash commands and interactivity arrive form-encoded, Events API as JSON.
  slack: ['application/json', 'application/x-www-form-urlencoded'],
  hubspot: JSON_ONLY,
  shopify: JSON_ONLY,
  'standard-webhooks': JSON_ONLY,
  'generic-hmac': 'any',
};

/** `application/json; charset=utf-8` → `application/json`. */
export function mediaType(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type || undefined;
}

export function acceptsMediaType(provider: ProviderName, contentType: string | undefined): boolean {
  const accepted = ACCEPTED_MEDIA_TYPES[provider];
  if (accepted === 'any') return true;
  const type = mediaType(contentType);
  return type !== undefined && accepted.includes(type);
}

/** A body that does not parse as what it claims to be (JSON only; forms always parse). */
export function isMalformed(contentType: string | undefined, body: Buffer): boolean {
  const type = mediaType(contentType);
  if (type !== 'application/json' && !type?.endsWith('+json')) return false;
  try {
    JSON.parse(body.toString('utf8'));
    return false;
  } catch {
    return true;
  }
}
