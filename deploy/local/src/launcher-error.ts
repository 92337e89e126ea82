/**
 * A launcher failure a person can act on: `message` is one line saying what is wrong
 * and what to do. Launchers print it instead of a stack trace.
 */
export class LauncherError extends Error {
  override readonly name: string = 'LauncherError';
}
