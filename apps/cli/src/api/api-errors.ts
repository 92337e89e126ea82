/** The operator API answered with an error status. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
  }
}

/** The operator API could not be reached at all. */
export class ApiUnreachableError extends Error {
  override readonly name = 'ApiUnreachableError';
}
