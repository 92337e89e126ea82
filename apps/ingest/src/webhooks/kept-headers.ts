import { PROVIDER_NAMES, getProvider } from '@hookline/providers';

/**
 * Never stored nor forwarded: credentials, and every provider's signature and secret
 * headers as its adapter names them (they prove nothing later).
 */
const DROPPED = new Set([
  'authorization',
  'cookie',
  'proxy-authorization',
  ...PROVIDER_NAMES.flatMap((name) => getProvider(name).secretHeaders),
]);
/** Connection-level headers that say nothing about the webhook. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'host',
  'content-length',
]);

/**
 * The request headers kept with a raw webhook: everything the provider sent about the
 * event (ids, types, timestamps, user agent, forwarding) except credentials, signatures
 * (including a generic source's own signature header, `dropAlso`) and hop-by-hop headers.
 */
export function keptHeaders(
  headers: Record<string, string | string[] | undefined>,
  dropAlso: readonly string[] = [],
): Record<string, string> {
  const kept: Record<string, string> = {};
  const drop = new Set(dropAlso.map((name) => name.toLowerCase()));
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (
      DROPPED.has(lower) ||
      HOP_BY_HOP.has(lower) ||
      drop.has(lower) ||
      lower.includes('signature')
    )
      continue;
    kept[lower] = Array.isArray(value) ? value.join(', ') : value;
  }
  return kept;
}
