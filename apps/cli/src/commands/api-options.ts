import { type Command } from 'commander';
import { ServiceDefaults } from '@hookline/contracts';
import { type OperatorApiClient } from '../api/api-client.js';
import { type CliIo } from '../cli-io.js';
import { CliExit, ExitCode } from '../exit-codes.js';
import { renderJson } from '../output/table.js';

export interface ApiFlags {
  api?: string;
  token?: string;
  json?: boolean;
}

/** The flags of every command that talks to the operator API. */
export function withApiOptions(command: Command): Command {
  return command
    .option(
      '--api <url>',
      'operator API base URL (default: $HOOKLINE_API_URL, else the replay app of `npm start`)',
    )
    .option('--token <token>', 'operator token (default: $HOOKLINE_TOKEN)')
    .option('--json', 'print the API answer as JSON (for scripts)');
}

/**
 * Where `npm start` serves the replay app: the fifth port from HOOKLINE_PORT_BASE
 * (8084 by default) on HOOKLINE_HOST.
 */
export function defaultApiUrl(env: CliIo['env']): string {
  const host = env['HOOKLINE_HOST'] || '127.0.0.1';
  const base = Number(env['HOOKLINE_PORT_BASE'] || ServiceDefaults.ingest.port);
  const offset = ServiceDefaults.replay.port - ServiceDefaults.ingest.port;
  return `http://${host}:${base + offset}`;
}

export function apiUrlOf(flags: ApiFlags, env: CliIo['env']): string {
  const url = flags.api || env['HOOKLINE_API_URL'] || defaultApiUrl(env);
  if (!/^https?:\/\/[^/]/.test(url)) {
    throw new CliExit(ExitCode.usage, `--api must be an http(s) URL, got '${url}'`);
  }
  return url;
}

export function apiClient(flags: ApiFlags, io: CliIo): OperatorApiClient {
  const token = flags.token || io.env['HOOKLINE_TOKEN'];
  if (!token) {
    throw new CliExit(ExitCode.auth, 'no operator token: set HOOKLINE_TOKEN or pass --token');
  }
  return io.createClient({ baseUrl: apiUrlOf(flags, io.env), token });
}

/** Prints an answer as JSON or through its human format. */
export function emit<T>(io: CliIo, flags: ApiFlags, value: T, format: (value: T) => string): void {
  io.out(flags.json ? renderJson(value) : format(value));
}
