import { type OperatorApiClient } from '../api/api-client.js';
import { type CliIo } from '../cli-io.js';

export interface RecordedIo extends CliIo {
  stdout: string[];
  stderr: string[];
  /** Each client method called, with its arguments, and the options the client was made with. */
  calls: { method: string; args: unknown[] }[];
  clientOptions: unknown[];
}

/**
 * A CliIo for unit tests of the command tree: output is kept, and the API client is
 * replaced by `answers` (method name → what it returns or throws).
 */
export function recordedIo(
  answers: Partial<Record<keyof OperatorApiClient, (...args: never[]) => unknown>> = {},
  env: Record<string, string> = { HOOKLINE_TOKEN: 'hl_test_secret' },
): RecordedIo {
  const io: RecordedIo = {
    stdout: [],
    stderr: [],
    calls: [],
    clientOptions: [],
    env,
    interactive: false,
    out: (text) => io.stdout.push(text),
    err: (text) => io.stderr.push(text),
    sleep: async () => undefined,
    createClient: (options) => {
      io.clientOptions.push(options);
      return new Proxy({} as OperatorApiClient, {
        get:
          (_, method: string) =>
          async (...args: unknown[]) => {
            io.calls.push({ method, args });
            const answer = answers[method as keyof OperatorApiClient];
            if (!answer) throw new Error(`unexpected call ${method}`);
            return answer(...(args as never[]));
          },
      });
    },
  };
  return io;
}
