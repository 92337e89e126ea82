import { formatConfigPath } from './config-path.js';
import { envName, isEnvRef } from './schema/secret-ref.js';

export type ConfigEnv = Readonly<Record<string, string | undefined>>;

export interface ResolvedSecrets {
  /** A copy of the document with every `env:NAME` that is set replaced by its value. */
  document: unknown;
  issues: { path: PropertyKey[]; message: string }[];
  /** Formatted path → variable name, to say where a bad value came from. */
  fromEnv: Map<string, string>;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/**
 * Replaces `env:NAME` secrets with the environment's values before validation, so that
 * the schema checks the values actually used. Looks only where secrets belong and skips
 * anything malformed: the schema reports that.
 */
export function resolveSecrets(document: unknown, env: ConfigEnv): ResolvedSecrets {
  const copy: unknown = structuredClone(document);
  const issues: ResolvedSecrets['issues'] = [];
  const fromEnv = new Map<string, string>();

  const resolve = (
    holder: Record<string, unknown> | unknown[],
    key: string | number,
    path: PropertyKey[],
  ) => {
    const ref = (holder as Record<string | number, unknown>)[key];
    if (typeof ref !== 'string' || !isEnvRef(ref)) return;
    const name = envName(ref);
    const value = env[name];
    if (value === undefined || value === '') {
      const state = value === undefined ? 'is not set' : 'is empty';
      issues.push({ path, message: `environment variable ${name} ${state}` });
      return;
    }
    (holder as Record<string | number, unknown>)[key] = value;
    fromEnv.set(formatConfigPath(path), name);
  };

  if (isRecord(copy)) {
    asList(copy['tenants']).forEach((tenant, t) => {
      if (!isRecord(tenant)) return;
      asList(tenant['sources']).forEach((source, s) => {
        if (!isRecord(source) || !Array.isArray(source['secrets'])) return;
        const secrets = source['secrets'];
        secrets.forEach((_, i) => resolve(secrets, i, ['tenants', t, 'sources', s, 'secrets', i]));
        const credentials = isRecord(source['hydrate'])
          ? source['hydrate']['credentials']
          : undefined;
        if (isRecord(credentials)) {
          const at = ['tenants', t, 'sources', s, 'hydrate', 'credentials', 'token'];
          resolve(credentials, 'token', at);
        }
      });
      asList(tenant['destinations']).forEach((destination, d) => {
        if (!isRecord(destination)) return;
        const at = ['tenants', t, 'destinations', d];
        resolve(destination, 'secret', [...at, 'secret']);
        const previous = destination['previousSecrets'];
        if (Array.isArray(previous))
          previous.forEach((_, i) => resolve(previous, i, [...at, 'previousSecrets', i]));
      });
    });
    const operator = copy['operator'];
    if (isRecord(operator))
      asList(operator['tokens']).forEach((token, t) => {
        if (isRecord(token)) resolve(token, 'secret', ['operator', 'tokens', t, 'secret']);
      });
  }
  return { document: copy, issues, fromEnv };
}
