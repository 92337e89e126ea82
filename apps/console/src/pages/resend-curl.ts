import { type RawRequest } from '../api/types';

/** Headers curl or the network sets again; sending the recorded ones would be wrong. */
const DROPPED = new Set([
  'host',
  'content-length',
  'connection',
  'accept-encoding',
  'transfer-encoding',
]);

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * A curl command that sends the raw webhook again as it arrived (its headers, signature
 * included, and body) to `url`. Ingest still checks it: a stale signature or a duplicate
 * answers as it would for the provider.
 */
export function resendCurl(raw: RawRequest, url: string): string {
  const lines = [`curl -i -X ${raw.method || 'POST'} ${quote(url)}`];
  for (const [name, value] of Object.entries(raw.headers)) {
    if (DROPPED.has(name.toLowerCase())) continue;
    lines.push(`  -H ${quote(`${name}: ${value}`)}`);
  }
  if (
    raw.contentType &&
    !Object.keys(raw.headers).some((name) => name.toLowerCase() === 'content-type')
  )
    lines.push(`  -H ${quote(`content-type: ${raw.contentType}`)}`);
  lines.push(`  --data-raw ${quote(raw.body)}`);
  return lines.join(' \\\n');
}
