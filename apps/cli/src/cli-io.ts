import { type ApiClientOptions, OperatorApiClient } from './api/api-client.js';

/** Where a command writes and what it reads from its surroundings (a test passes its own). */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  /** Whether stderr is a terminal: the live progress bar only draws on one. */
  interactive: boolean;
  createClient(options: ApiClientOptions): OperatorApiClient;
  /** Waits between polls (replay follow, demo). */
  sleep(ms: number): Promise<void>;
}

export function processIo(): CliIo {
  // Piped into `head` and the like: the reader left, so stop quietly as other tools do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    env: process.env,
    interactive: Boolean(process.stderr.isTTY),
    createClient: (options) => new OperatorApiClient(options),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}
