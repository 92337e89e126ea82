import { type Command } from 'commander';
import { resolve } from 'node:path';
import { ConfigValidationError, formatConfigIssue, loadConfig } from '@hookline/config';
import { ServiceDefaults } from '@hookline/contracts';
import { type CliIo } from '../cli-io.js';
import { CliExit, ExitCode } from '../exit-codes.js';
import { renderTable } from '../output/table.js';
import { apiClient, emit, withApiOptions, type ApiFlags } from './api-options.js';
import { parseWholeNumber } from './option-parsers.js';

interface DemoFlags extends ApiFlags {
  config?: string;
  ingest?: string;
  publicBaseUrl?: string;
  timeout: number;
}

export function registerDemoCommand(program: Command, io: CliIo): void {
  withApiOptions(
    program
      .command('demo')
      .description(
        'send one signed sample webhook per configured source to a running stack, then show where each ended',
      )
      .option(
        '--config <file>',
        'the configuration the stack runs (default: $HOOKLINE_CONFIG, else ./hookline.example.yaml as npm start uses)',
      )
      .option(
        '--ingest <url>',
        "ingest's URL (default: $HOOKLINE_INGEST_URL, else the ingest of `npm start`)",
      )
      .option(
        '--public-base-url <url>',
        "the public URL ingest is configured with (default: $HOOKLINE_PUBLIC_BASE_URL, else the source's publicBaseUrl, else --ingest)",
      )
      .option(
        '--timeout <seconds>',
        'how long to wait for the webhooks to settle',
        parseWholeNumber,
        90,
      ),
  ).action(async (flags: DemoFlags) => {
    const client = apiClient(flags, io);
    const configPath = resolve(
      flags.config || io.env['HOOKLINE_CONFIG'] || 'hookline.example.yaml',
    );
    const config = loadDemoConfig(configPath, io);
    const ingestUrl = flags.ingest || io.env['HOOKLINE_INGEST_URL'] || defaultIngestUrl(io.env);
    if (!flags.json)
      io.err(`sending one sample webhook per source of ${configPath} to ${ingestUrl}`);
    // Loaded here: the signers bring provider SDKs that other commands do not need.
    const { runDemo } = await import('../demo/run-demo.js');
    const outcomes = await runDemo(config, client, io, {
      ingestUrl,
      publicBaseUrl: flags.publicBaseUrl || io.env['HOOKLINE_PUBLIC_BASE_URL'] || undefined,
      timeoutMs: flags.timeout * 1_000,
      pollMs: 500,
    });
    emit(io, flags, outcomes, (rows) =>
      renderTable(
        ['SOURCE', 'PROVIDER', 'INGEST', 'RAW EVENT', 'TYPES', 'OUTCOME', 'WHY'],
        rows.map((row) => [
          row.sourceId,
          row.provider,
          row.ingestStatus || 'unreachable',
          row.rawEventId,
          row.types.join(', ') || '-',
          row.outcome,
          row.why,
        ]),
      ),
    );
    const unsettled = outcomes.filter(
      (row) => row.outcome === 'rejected' || row.outcome === 'pending',
    );
    if (unsettled.length > 0) {
      throw new CliExit(
        ExitCode.failure,
        `${unsettled.length} of ${outcomes.length} webhooks were refused or did not settle: ${unsettled.map((row) => row.sourceId).join(', ')}`,
      );
    }
  });
}

function loadDemoConfig(path: string, io: CliIo) {
  try {
    return loadConfig(path, io.env);
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) throw error;
    for (const issue of error.issues) io.err(formatConfigIssue(issue));
    throw new CliExit(ExitCode.failure, `${path} is invalid: run hookline config validate ${path}`);
  }
}

/** Where `npm start` serves ingest: HOOKLINE_PORT_BASE (8080) on HOOKLINE_HOST. */
function defaultIngestUrl(env: CliIo['env']): string {
  return `http://${env['HOOKLINE_HOST'] || '127.0.0.1'}:${env['HOOKLINE_PORT_BASE'] || ServiceDefaults.ingest.port}`;
}
