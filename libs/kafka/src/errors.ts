/**
 * How a handler says what went wrong. The consumer runtime routes on the class:
 * transient errors go to the next retry tier, permanent ones straight to the
 * dead-letter topic. Anything else thrown counts as transient (retrying is the safe
 * default for the unknown), unless the consumer's classifier says otherwise.
 */
export class TransientError extends Error {
  override readonly name: string = 'TransientError';
  constructor(
    message: string,
    /** Earliest time a retry makes sense (e.g. from a Retry-After header), epoch ms. */
    readonly notBefore?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export class PermanentError extends Error {
  override readonly name: string = 'PermanentError';
}

/** A record whose bytes do not parse (not UTF-8 JSON). */
export class UndecodableRecord extends PermanentError {
  override readonly name = 'UndecodableRecord';
}

/** A record that parses but breaks its topic's contract. */
export class SchemaViolation extends PermanentError {
  override readonly name = 'SchemaViolation';
}

export type ErrorClass = 'transient' | 'permanent';

export function classifyError(error: unknown): ErrorClass {
  return error instanceof PermanentError ? 'permanent' : 'transient';
}

export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
