import { compileExpression } from 'filtrex';

/** A compiled route filter: true when the event (any object with dotted fields) matches. */
export type RouteFilter = (event: object) => boolean;

const compiled = new Map<string, RouteFilter>();
const MISSING_FIELD = /but got a(n)? undefined instead/;

/** A filter that cannot be evaluated on an event's data. */
export class RouteFilterError extends Error {
  override readonly name = 'RouteFilterError';
}

/**
 * Route filters are filtrex expressions (a small, safe expression language: no function
 * calls but the ones given, no access outside the event) over the event's fields, with
 * dotted paths: `data.amount_paid > 10000 and subject != "stripe:in_test"`. Compiled once
 * per expression; the configuration loader compiles every filter, so a syntax error stops
 * the file from loading instead of failing at the first matching event.
 */
export function compileFilter(expression: string): RouteFilter {
  let filter = compiled.get(expression);
  if (!filter) {
    const evaluate = compileExpression(expression, {
      customProp: (path: string, _get: (name: string) => unknown, object: unknown) =>
        path
          .split('.')
          .reduce<unknown>(
            (value, key) => (value as Record<string, unknown> | undefined)?.[key],
            object,
          ),
    });
    // filtrex returns (not throws) its errors. One over a field the event lacks is no match
    // (`data.amount > 5` on an event without an amount); any other (a text where a number
    // belongs, a bad pattern) is thrown, since the same data will fail the same way again.
    filter = (event) => {
      const result: unknown = evaluate(event);
      if (result instanceof Error) {
        if (MISSING_FIELD.test(result.message)) return false;
        throw new RouteFilterError(result.message);
      }
      return result === true || result === 1;
    };
    compiled.set(expression, filter);
  }
  return filter;
}

/** Why an expression does not compile, with the column of the error; undefined when it does. */
export function filterError(expression: string): string | undefined {
  try {
    compileFilter(expression);
    return undefined;
  } catch (error) {
    return describeFilterError(expression, error);
  }
}

/**
 * filtrex's parser reports `Parse error on line 1:\n<text>\n-----^\nExpecting ..., got '>'`;
 * that becomes `syntax error at column 6: expecting ..., got '>'`.
 */
function describeFilterError(expression: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split('\n');
  const caret = lines.find((line) => /^-*\^$/.test(line));
  if (caret !== undefined) {
    const detail = lines.at(-1) ?? '';
    const column = caret.length;
    return `syntax error at column ${column} of "${expression}": ${detail.charAt(0).toLowerCase()}${detail.slice(1)}`;
  }
  return `invalid filter "${expression}": ${lines[0] ?? message}`;
}
