import { LineCounter, parseDocument, type Document } from 'yaml';
import { type ConfigIssue } from './config-validation.error.js';

export interface ParsedYaml {
  /** The document as plain data; undefined when the text has syntax errors. */
  data: unknown;
  issues: ConfigIssue[];
  /** Line and column of the node at `path`, or of its nearest ancestor that exists. */
  locate(path: readonly PropertyKey[]): { line: number; column: number } | undefined;
}

/** Parses YAML text, reporting syntax errors with their line and column. */
export function parseYaml(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const document: Document = parseDocument(text, { lineCounter, prettyErrors: false });
  const locate = (path: readonly PropertyKey[]) => {
    for (let length = path.length; length >= 0; length--) {
      const node: unknown = document.getIn(path.slice(0, length), true);
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range) {
        const { line, col } = lineCounter.linePos(range[0]);
        return { line, column: col };
      }
    }
    return undefined;
  };
  const issues = document.errors.map((error): ConfigIssue => {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    return {
      path: '',
      message: `YAML syntax error at ${line}:${col}: ${error.message}`,
      line,
      column: col,
    };
  });
  if (issues.length > 0) return { data: undefined, issues, locate };
  try {
    return { data: document.toJS({ maxAliasCount: 100 }), issues, locate };
  } catch (error) {
    const message = `YAML error: ${(error as Error).message}`;
    return { data: undefined, issues: [{ path: '', message }], locate };
  }
}
