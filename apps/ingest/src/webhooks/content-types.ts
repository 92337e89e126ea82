import { type ProviderName, getProvider } from '@hookline/providers';

/** `application/json; charset=utf-8` → `application/json`. */
export function mediaType(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type || undefined;
}

/** Whether the provider sends this media type (its adapter's `mediaTypes`); else 415. */
export function acceptsMediaType(provider: ProviderName, contentType: string | undefined): boolean {
  const accepted = getProvider(provider).mediaTypes;
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
