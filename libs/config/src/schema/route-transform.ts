import jsonata from 'jsonata';

/** Longest a route transform may run on one event. */
export const TRANSFORM_TIMEOUT_MS = 100;
/** Deepest a route transform may recurse. */
export const TRANSFORM_MAX_DEPTH = 200;
/** Largest payload (UTF-8 JSON) a route transform may produce. */
export const TRANSFORM_MAX_BYTES = 256 * 1024;

/** A transform that fails on an event: an error, too slow, too deep, too large or no result. */
export class RouteTransformError extends Error {
  override readonly name = 'RouteTransformError';
}

// JSONata looks its evaluator hooks up under these symbols (its typings only name strings).
const ENTRY_HOOK = Symbol.for('jsonata.__evaluate_entry') as unknown as string;
const EXIT_HOOK = Symbol.for('jsonata.__evaluate_exit') as unknown as string;

interface JsonataError {
  message?: string;
  position?: number;
}

/** Why a JSONata expression does not compile, with its position; undefined when it does. */
export function transformError(expression: string): string | undefined {
  try {
    jsonata(expression);
    return undefined;
  } catch (error) {
    const { message, position } = error as JsonataError;
    return `JSONata: ${message ?? String(error)}${position === undefined ? '' : ` (at character ${position})`}`;
  }
}

/**
 * Applies a route's JSONata transform to an event: the result is what the destination
 * receives. Each evaluation has its own time and depth budget (checked on every step of
 * the evaluator, the way JSONata's documentation timeboxes an expression) and its result
 * a size limit, so one bad transform fails its own delivery and nothing else.
 */
export async function applyTransform(
  expression: string,
  event: unknown,
  limits = {
    timeoutMs: TRANSFORM_TIMEOUT_MS,
    maxDepth: TRANSFORM_MAX_DEPTH,
    maxBytes: TRANSFORM_MAX_BYTES,
  },
): Promise<unknown> {
  const compiled = jsonata(expression);
  const started = Date.now();
  let depth = 0;
  compiled.assign(ENTRY_HOOK, () => {
    depth += 1;
    if (depth > limits.maxDepth) {
      throw new RouteTransformError(`transform went deeper than ${limits.maxDepth} levels`);
    }
    if (Date.now() - started > limits.timeoutMs) {
      throw new RouteTransformError(`transform ran longer than ${limits.timeoutMs} ms`);
    }
  });
  compiled.assign(EXIT_HOOK, () => {
    depth -= 1;
  });
  let result: unknown;
  try {
    result = await compiled.evaluate(event);
  } catch (error) {
    if (error instanceof RouteTransformError) throw error;
    throw new RouteTransformError(
      `transform failed: ${(error as JsonataError).message ?? String(error)}`,
    );
  }
  if (result === undefined)
    throw new RouteTransformError('transform produced no value for this event');
  const bytes = Buffer.byteLength(JSON.stringify(result) ?? '');
  if (bytes > limits.maxBytes) {
    throw new RouteTransformError(
      `transform produced ${bytes} bytes, more than ${limits.maxBytes}`,
    );
  }
  return result;
}
