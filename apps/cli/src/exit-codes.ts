import { CommanderError } from 'commander';
import { ApiError, ApiUnreachableError } from './api/api-errors.js';

/** What `hookline` exits with; scripts may rely on these (docs/cli.md lists them). */
export const ExitCode = {
  ok: 0,
  /** Anything else: an API error other than those below, an invalid config file, a demo webhook that did not settle. */
  failure: 1,
  /** Bad arguments or flags, or the API refused the request as malformed (400). */
  usage: 2,
  /** The API refused the token (401) or its role or tenants (403). */
  auth: 3,
  /** The event, dead letter or replay job does not exist (or is another tenant's). */
  notFound: 4,
  /** No answer from the API: connection refused, DNS, timeout. */
  unreachable: 5,
  /** A followed replay ended `failed`, or `completed` with failed records. */
  replayFailed: 6,
  /** A dry run (or a replay) found nothing to replay. */
  nothingToReplay: 7,
  /** A followed replay was cancelled. */
  replayCancelled: 8,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An outcome a command reports with a specific exit code and one line for stderr. */
export class CliExit extends Error {
  override readonly name = 'CliExit';
  constructor(
    readonly code: ExitCode,
    message: string,
  ) {
    super(message);
  }
}

/** The exit code an error ends the process with. */
export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof CliExit) return error.code;
  if (error instanceof ApiUnreachableError) return ExitCode.unreachable;
  if (error instanceof ApiError) {
    if (error.status === 401 || error.status === 403) return ExitCode.auth;
    if (error.status === 404) return ExitCode.notFound;
    if (error.status === 400 || error.status === 422) return ExitCode.usage;
    return ExitCode.failure;
  }
  if (error instanceof CommanderError) {
    // --help and --version exit 0; a missing subcommand shows help and is a usage error.
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  return ExitCode.failure;
}
