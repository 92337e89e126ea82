import { type Command, Option } from 'commander';
import { type CliIo } from '../cli-io.js';
import { formatEventDetail, formatEventList } from '../output/event-output.js';
import { apiClient, emit, withApiOptions, type ApiFlags } from './api-options.js';
import { parseLimit, parseTime } from './option-parsers.js';

export const EVENT_STATUSES = [
  'received',
  'duplicate',
  'normalized',
  'drifted',
  'routed',
  'filtered',
  'unrouted',
  'delivered',
  'failed',
  'dead_lettered',
] as const;

interface EventListFlags extends ApiFlags {
  tenant?: string;
  source?: string;
  provider?: string;
  type?: string;
  status?: string;
  from?: string;
  to?: string;
  providerEventId?: string;
  correlationId?: string;
  cursor?: string;
  limit?: number;
}

export function registerEventCommands(program: Command, io: CliIo): void {
  const events = program
    .command('events')
    .description('received webhooks and what became of each (latest state, timeline, attempts)');

  withApiOptions(
    events
      .command('list')
      .description('list received webhooks, newest first')
      .option('--tenant <id>', 'only this tenant')
      .option('--source <id>', 'only this source')
      .option('--provider <name>', 'only this provider (stripe, github, ...)')
      .option('--type <type>', 'only events of this canonical type')
      .addOption(
        new Option('--status <status>', 'only in this latest state').choices(EVENT_STATUSES),
      )
      .option('--from <time>', 'received at or after (ISO 8601, or a duration ago: 2h)', (v) =>
        parseTime(v),
      )
      .option('--to <time>', 'received before (ISO 8601, or a duration ago)', (v) => parseTime(v))
      .option('--provider-event-id <id>', "the provider's own event id")
      .option('--correlation-id <id>', 'the correlation id ingest gave the request')
      .option('--limit <n>', 'items per page, 1 to 200 (API default 50)', parseLimit)
      .option('--cursor <cursor>', 'the page after this cursor (printed below a full page)'),
  ).action(async (flags: EventListFlags) => {
    const page = await apiClient(flags, io).listEvents({
      tenant: flags.tenant,
      source: flags.source,
      provider: flags.provider,
      type: flags.type,
      status: flags.status,
      from: flags.from,
      to: flags.to,
      providerEventId: flags.providerEventId,
      correlationId: flags.correlationId,
      cursor: flags.cursor,
      limit: flags.limit,
    });
    emit(io, flags, page, formatEventList);
  });

  withApiOptions(
    events
      .command('show')
      .description('one received webhook: the request, its events, timeline and delivery attempts')
      .argument('<rawEventId>', 'the raw event id (ingest answers it in hookline-raw-event-id)'),
  ).action(async (rawEventId: string, flags: ApiFlags) => {
    emit(io, flags, await apiClient(flags, io).event(rawEventId), formatEventDetail);
  });
}
