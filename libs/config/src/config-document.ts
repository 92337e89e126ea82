import { createHash } from 'node:crypto';
import { type HooklineConfig } from './schema/hookline-config.js';

/** `sha256:` and the first 8 hex digits of the secret's hash: tells secrets apart, reveals nothing usable. */
export function fingerprintSecret(secret: string): string {
  return `sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 8)}`;
}

/** The configuration as it may be stored or shown: every secret replaced by its fingerprint. */
export function redactConfig(config: HooklineConfig): HooklineConfig {
  return {
    ...config,
    tenants: config.tenants.map((tenant) => ({
      ...tenant,
      sources: tenant.sources.map((source) => ({
        ...source,
        secrets: source.secrets.map(fingerprintSecret),
        ...(source.hydrate && {
          hydrate: {
            ...source.hydrate,
            credentials: { token: fingerprintSecret(source.hydrate.credentials.token) },
          },
        }),
      })),
      destinations: tenant.destinations.map((destination) => {
        if (destination.kind === 'http')
          return {
            ...destination,
            secret: fingerprintSecret(destination.secret),
            previousSecrets: destination.previousSecrets.map(fingerprintSecret),
          };
        // A Slack incoming-webhook URL is itself the credential.
        if (destination.kind === 'slack')
          return { ...destination, url: fingerprintSecret(destination.url) };
        return destination;
      }),
    })),
    operator: {
      ...config.operator,
      tokens: config.operator.tokens.map((token) => ({
        ...token,
        secret: fingerprintSecret(token.secret),
      })),
    },
  };
}

/** JSON with object keys sorted at every level, so equal configurations give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

/**
 * The redacted configuration as canonical JSON, and its sha256: what the Postgres mirror
 * stores. A rotated secret changes the fingerprint, hence the checksum.
 */
export function redactedDocument(config: HooklineConfig): { json: string; checksum: string } {
  const json = canonicalJson(redactConfig(config));
  return { json, checksum: createHash('sha256').update(json).digest('hex') };
}
