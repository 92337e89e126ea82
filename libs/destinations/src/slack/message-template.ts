import { compileExpression } from 'filtrex';

const PLACEHOLDER = /\{\{\s*(.+?)\s*\}\}/g;

/**
 * A message template: `{{ expression }}` is replaced by the value of a filtrex
 * expression on the event (`{{ type }} for {{ subject }}`, `{{ data.amount_paid / 100 }}`).
 * Compiled once per template text.
 */
export function renderTemplate(template: string, event: unknown): string {
  return template.replace(PLACEHOLDER, (_match, expression: string) => {
    const value = compiled(expression)(event);
    return value instanceof Error || value === undefined || value === null ? '' : String(value);
  });
}

const cache = new Map<string, (data: unknown) => unknown>();

function compiled(expression: string): (data: unknown) => unknown {
  let compiledExpression = cache.get(expression);
  if (!compiledExpression) {
    compiledExpression = compileExpression(expression, {
      customProp: (path: string, _get: (name: string) => unknown, object: unknown) =>
        path
          .split('.')
          .reduce<unknown>(
            (value, key) =>
              value !== null && typeof value === 'object'
                ? (value as Record<string, unknown>)[key]
                : undefined,
            object,
          ),
    }) as (data: unknown) => unknown;
    cache.set(expression, compiledExpression);
  }
  return compiledExpression;
}
