/** One thing wrong with a configuration file, at a path such as `tenants[0].routes[1].destination`. */
export interface ConfigIssue {
  /** Brackets for indices, dots for keys; empty for the text itself (YAML syntax). */
  path: string;
  message: string;
  /** 1-based position in the YAML text, when known. */
  line?: number;
  column?: number;
}

export function formatConfigIssue(issue: ConfigIssue): string {
  if (!issue.path) return issue.message;
  const where = issue.line === undefined ? '' : ` (line ${issue.line})`;
  return `${issue.path}: ${issue.message}${where}`;
}

/** Every issue of one file at once, so a person fixes them in one pass. */
export class ConfigValidationError extends Error {
  override readonly name = 'ConfigValidationError';

  constructor(
    readonly issues: readonly ConfigIssue[],
    readonly file?: string,
  ) {
    super(
      [
        `invalid configuration${file ? ` in ${file}` : ''} (${issues.length} ${issues.length === 1 ? 'issue' : 'issues'}):`,
        ...issues.map((issue) => `  ${formatConfigIssue(issue)}`),
      ].join('\n'),
    );
  }
}
