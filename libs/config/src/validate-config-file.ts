import { formatConfigIssue, ConfigValidationError } from './config-validation.error.js';
import { loadConfig } from './load-config.js';
import { type ConfigEnv } from './resolve-secrets.js';

export type ConfigFileValidation = { ok: true; summary: string } | { ok: false; errors: string[] };

/** What `hookline config validate <file>` prints: a summary, or one line per issue. */
export function validateConfigFile(path: string, env: ConfigEnv): ConfigFileValidation {
  try {
    const config = loadConfig(path, env);
    const count = (what: 'sources' | 'destinations' | 'routes') =>
      config.tenants.reduce((sum, tenant) => sum + tenant[what].length, 0);
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    return {
      ok: true,
      summary:
        `${path} is valid: ${plural(config.tenants.length, 'tenant')}, ` +
        `${plural(count('sources'), 'source')}, ${plural(count('destinations'), 'destination')}, ` +
        `${plural(count('routes'), 'route')}`,
    };
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      return { ok: false, errors: error.issues.map(formatConfigIssue) };
    }
    throw error;
  }
}
