import { describe, expect, it } from '@jest/globals';
import { ApiError, ApiUnreachableError } from './api/api-errors.js';
import { type ReplayJob } from './api/api-types.js';
import { ExitCode } from './exit-codes.js';
import { runCli } from './run-cli.js';
import { recordedIo } from './testing/fake-io.js';

const job = (overrides: Partial<ReplayJob> = {}): ReplayJob => ({
  id: 'rpl_1',
  kind: 'dead-letters',
  state: 'pending',
  createdBy: 'ops',
  createdAt: '2026-03-01T12:00:00.000Z',
  startedAt: null,
  finishedAt: null,
  total: 4,
  sent: 0,
  skipped: 0,
  alreadyDelivered: 0,
  failed: 0,
  rate: null,
  force: false,
  request: {},
  error: null,
  ...overrides,
});

const emptyPage = () => ({ items: [], nextCursor: null });

describe('hookline command line → operator API requests', () => {
  it('events list sends each filter under the API name, times as ISO 8601', async () => {
    const io = recordedIo({ listEvents: emptyPage });
    const code = await runCli(
      [
        'events',
        'list',
        '--tenant',
        'acme',
        '--source',
        'acme-stripe',
        '--status',
        'dead_lettered',
        '--provider-event-id',
        'evt_1',
        '--from',
        '2026-03-01',
        '--limit',
        '5',
        '--cursor',
        'abc',
      ],
      io,
    );
    expect(code).toBe(ExitCode.ok);
    expect(io.calls).toEqual([
      {
        method: 'listEvents',
        args: [
          expect.objectContaining({
            tenant: 'acme',
            source: 'acme-stripe',
            status: 'dead_lettered',
            providerEventId: 'evt_1',
            from: '2026-03-01T00:00:00.000Z',
            limit: 5,
            cursor: 'abc',
          }),
        ],
      },
    ]);
    expect(io.stdout).toEqual(['no events match']);
  });

  it('takes the token and URL from flags before the environment', async () => {
    const io = recordedIo(
      { listEvents: emptyPage },
      {
        HOOKLINE_TOKEN: 'from-env',
        HOOKLINE_API_URL: 'http://env:1',
      },
    );
    await runCli(['events', 'list', '--token', 'from-flag'], io);
    await runCli(['events', 'list', '--api', 'http://flag:2'], io);
    expect(io.clientOptions).toEqual([
      { baseUrl: 'http://env:1', token: 'from-flag' },
      { baseUrl: 'http://flag:2', token: 'from-env' },
    ]);
  });

  it('defaults to the replay app of npm start, following HOOKLINE_PORT_BASE', async () => {
    const io = recordedIo(
      { listEvents: emptyPage },
      { HOOKLINE_TOKEN: 't', HOOKLINE_PORT_BASE: '27080' },
    );
    await runCli(['events', 'list'], io);
    const plain = recordedIo({ listEvents: emptyPage }, { HOOKLINE_TOKEN: 't' });
    await runCli(['events', 'list'], plain);
    expect(io.clientOptions).toEqual([{ baseUrl: 'http://127.0.0.1:27084', token: 't' }]);
    expect(plain.clientOptions).toEqual([{ baseUrl: 'http://127.0.0.1:8084', token: 't' }]);
  });

  it('dead-letters summary groups by reason unless --by says otherwise', async () => {
    const io = recordedIo({
      deadLetterSummary: () => ({ groups: [{ key: 'http-500', count: 3 }] }),
    });
    expect(await runCli(['dead-letters', 'summary', '--stage', 'executor'], io)).toBe(0);
    expect(await runCli(['dead-letters', 'summary', '--by', 'destination'], io)).toBe(0);
    expect(io.calls.map((call) => call.args[0])).toEqual([
      { stage: 'executor', by: 'reason' },
      { by: 'destination' },
    ]);
    expect(io.stdout[0]).toMatch(/REASON\s+COUNT\nhttp-500\s+3\ntotal\s+3/);
  });

  it('replays start sends a dead-letter replay with its filter, ids, rate and force', async () => {
    const io = recordedIo({ createReplay: () => job() });
    const code = await runCli(
      [
        'replays',
        'start',
        '--destination',
        'acme-orders',
        '--id',
        'dl_1',
        '--id',
        'dl_2',
        '--rate',
        '5',
        '--force',
      ],
      io,
    );
    expect(code).toBe(0);
    expect(io.calls[0]?.args[0]).toEqual({
      kind: 'dead-letters',
      filter: { destination: 'acme-orders', ids: ['dl_1', 'dl_2'] },
      rate: 5,
      force: true,
    });
  });

  it('replays start <id> confirms a dry run; an id with filters is a usage error', async () => {
    const io = recordedIo({ startReplay: () => job() });
    expect(await runCli(['replays', 'start', 'rpl_9'], io)).toBe(0);
    expect(io.calls).toEqual([{ method: 'startReplay', args: ['rpl_9'] }]);
    expect(await runCli(['replays', 'start', 'rpl_9', '--tenant', 'acme'], io)).toBe(
      ExitCode.usage,
    );
    expect(io.stderr.at(-1)).toBe('hookline: give a dry run id or filters, not both');
  });

  it('a dry run with nothing to replay exits 7, one with records exits 0 and says how to start it', async () => {
    const none = recordedIo({
      createReplay: () =>
        job({ state: 'dry-run', total: 0, preview: { total: 0, byReason: [], sample: [] } }),
    });
    expect(await runCli(['replays', 'dry-run', '--tenant', 'acme'], none)).toBe(
      ExitCode.nothingToReplay,
    );
    expect(none.calls[0]?.args[0]).toEqual({
      kind: 'dead-letters',
      filter: { tenant: 'acme' },
      dryRun: true,
    });
    const some = recordedIo({
      createReplay: () =>
        job({
          state: 'dry-run',
          preview: { total: 2, byReason: [{ key: 'http-500', count: 2 }], sample: [] },
        }),
    });
    expect(await runCli(['replays', 'dry-run'], some)).toBe(0);
    expect(some.stdout[0]).toContain('would replay 2 records');
    expect(some.stdout[0]).toContain('hookline replays start rpl_1');
  });

  it('replay offset-range keeps offsets as strings and needs every range flag', async () => {
    const io = recordedIo({ createReplay: () => job({ kind: 'offset-range' }) });
    const args = [
      'replay',
      'offset-range',
      '--topic',
      'hookline.events.v1',
      '--partition',
      '2',
      '--from',
      '10',
      '--to',
      '90071992547409930',
    ];
    expect(await runCli([...args, '--dry-run'], io)).toBe(0);
    expect(io.calls[0]?.args[0]).toEqual({
      kind: 'offset-range',
      topic: 'hookline.events.v1',
      partition: 2,
      fromOffset: '10',
      toOffset: '90071992547409930',
      dryRun: true,
    });
    expect(await runCli(args.slice(0, 6), io)).toBe(ExitCode.usage);
    expect(io.stderr.join('\n')).toContain("required option '--from <offset>' not specified");
  });

  it('redrive sends the source and its time range', async () => {
    const io = recordedIo({ createReplay: () => job({ kind: 'raw-redrive' }) });
    expect(
      await runCli(
        [
          'redrive',
          '--source',
          'acme-stripe',
          '--from',
          '2026-03-01T10:00:00Z',
          '--to',
          '2026-03-01T11:00:00Z',
        ],
        io,
      ),
    ).toBe(0);
    expect(io.calls[0]?.args[0]).toEqual({
      kind: 'raw-redrive',
      sourceId: 'acme-stripe',
      from: '2026-03-01T10:00:00.000Z',
      to: '2026-03-01T11:00:00.000Z',
    });
  });

  it('replays follow polls until the job ends and exits with its outcome', async () => {
    const states: ReplayJob[] = [
      job({ state: 'running', sent: 1 }),
      job({ state: 'running', sent: 3 }),
      job({ state: 'completed', sent: 3, failed: 1 }),
    ];
    const io = recordedIo({ replay: () => states.shift() });
    expect(await runCli(['replays', 'follow', 'rpl_1', '--json'], io)).toBe(ExitCode.replayFailed);
    expect(io.calls).toHaveLength(3);
    expect(JSON.parse(io.stdout[0] ?? '')).toMatchObject({ state: 'completed', failed: 1 });
    expect(io.stderr).toContain(
      'replay rpl_1 running: 3/4 sent, 0 skipped, 0 already delivered, 0 failed',
    );

    const cancelled = recordedIo({ replay: () => job({ state: 'cancelled' }) });
    expect(await runCli(['replays', 'follow', 'rpl_1'], cancelled)).toBe(ExitCode.replayCancelled);
    const clean = recordedIo({ replay: () => job({ state: 'completed', sent: 4 }) });
    expect(await runCli(['replays', 'follow', 'rpl_1'], clean)).toBe(ExitCode.ok);
  });

  it('--json prints the API answer unchanged', async () => {
    const page = { items: [{ id: 'dl_1', extra: 'kept' }], nextCursor: 'next' };
    const io = recordedIo({ listDeadLetters: () => page });
    expect(await runCli(['dead-letters', 'list', '--json'], io)).toBe(0);
    expect(JSON.parse(io.stdout.join('\n'))).toEqual(page);
  });
});

describe('hookline exit codes', () => {
  const failing = (error: Error) => recordedIo({ replay: () => Promise.reject(error) });

  it.each([
    ['401', new ApiError(401, 'GET /api/v1/replays/x: 401 Unauthorized', {}), ExitCode.auth],
    ['403', new ApiError(403, 'GET /api/v1/replays/x: 403 Forbidden', {}), ExitCode.auth],
    ['404', new ApiError(404, 'GET /api/v1/replays/x: 404 Not Found', {}), ExitCode.notFound],
    ['400', new ApiError(400, 'GET /api/v1/replays/x: 400 Bad Request', {}), ExitCode.usage],
    [
      '500',
      new ApiError(500, 'GET /api/v1/replays/x: 500 Internal Server Error', {}),
      ExitCode.failure,
    ],
    [
      'unreachable',
      new ApiUnreachableError('cannot reach the operator API at http://x: ECONNREFUSED'),
      ExitCode.unreachable,
    ],
  ])('%s → exit %i, with the message on stderr', async (_, error, code) => {
    const io = failing(error);
    expect(await runCli(['replays', 'show', 'x'], io)).toBe(code);
    expect(io.stderr).toEqual([`hookline: ${error.message}`]);
    expect(io.stdout).toEqual([]);
  });

  it('no token is an auth error before any request', async () => {
    const io = recordedIo({}, {});
    expect(await runCli(['events', 'show', 'raw_1'], io)).toBe(ExitCode.auth);
    expect(io.calls).toEqual([]);
  });

  it.each([
    [['events', 'list', '--limit', '201']],
    [['events', 'list', '--status', 'lost']],
    [['events', 'list', '--from', 'yesterday']],
    [['replays', 'start', '--rate', '0']],
    [['dead-letters', 'summary', '--by', 'colour']],
    [['nonsense']],
    [['events']],
    [['events', 'show']],
  ])('usage error %j → 2', async (args) => {
    const io = recordedIo();
    expect(await runCli(args, io)).toBe(ExitCode.usage);
    expect(io.calls).toEqual([]);
    expect(io.stderr.join('\n')).not.toBe('');
  });

  it('--help on the program and on a command exits 0 and prints to stdout', async () => {
    for (const args of [
      ['--help'],
      ['replays', 'follow', '--help'],
      ['config', 'validate', '--help'],
    ]) {
      const io = recordedIo();
      expect(await runCli(args, io)).toBe(0);
      expect(io.stdout.join('\n')).toMatch(/^Usage: hookline/);
    }
  });
});
