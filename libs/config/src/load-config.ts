import { readFileSync } from 'node:fs';
import { formatConfigPath } from './config-path.js';
import { type ConfigIssue, ConfigValidationError } from './config-validation.error.js';
import { type ConfigEnv, resolveSecrets } from './resolve-secrets.js';
import { HooklineConfig } from './schema/hookline-config.js';
import { parseYaml } from './yaml-document.js';

/**
 * Reads, validates and resolves a `hookline.yaml`. Throws one ConfigValidationError
 * listing every issue. `env` is where `env:NAME` secrets come from; the
 * library never reads `process.env` itself: services pass it in.
 */
export function loadConfig(path: string, env: ConfigEnv): HooklineConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigValidationError(
      [{ path: '', message: `cannot read ${path}: ${(error as Error).message}` }],
      path,
    );
  }
  return parseConfig(text, env, path);
}

/** As loadConfig, for YAML text; `file` only names the source in error messages. */
export function parseConfig(text: string, env: ConfigEnv, file?: string): HooklineConfig {
  const yaml = parseYaml(text);
  if (yaml.issues.length > 0) throw new ConfigValidationError(yaml.issues, file);

  const secrets = resolveSecrets(yaml.data, env);
  const result = HooklineConfig.safeParse(secrets.document);
  const issues = [...(result.error?.issues ?? []), ...secrets.issues].map((issue): ConfigIssue => {
    const path = formatConfigPath(issue.path);
    const variable = secrets.fromEnv.get(path);
    const message = variable ? `${issue.message} (value of ${variable})` : issue.message;
    return { path, message, ...yaml.locate(issue.path) };
  });
  if (!result.success || issues.length > 0) {
    throw new ConfigValidationError(sortByLine(issues), file);
  }
  return deepFreeze(result.data);
}

function sortByLine(issues: ConfigIssue[]): ConfigIssue[] {
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort((a, b) => (a.issue.line ?? 0) - (b.issue.line ?? 0) || a.index - b.index)
    .map(({ issue }) => issue);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
