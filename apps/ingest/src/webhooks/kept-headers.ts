/** Never stored nor forwarded: credentials and signatures (they prove nothing later). */
const DROPPED = new Set([
  'authorization',
  'cookie',
  'proxy-authorization',
  'stripe-signature',
  'x-hub-signature',
  'x-hub-signature-256',
  'x-slack-signature',
  'x-hubspot-signature',
  'x-hubspot-signature-v3',
  'x-shopify-hmac-sha256',
  'webhook-signature',
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
