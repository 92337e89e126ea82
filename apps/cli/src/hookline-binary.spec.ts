import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceFile } from '@hookline/testing';
import { ExitCode } from './exit-codes.js';
import { ApiStandIn } from './testing/api-stand-in.js';
import { buildHooklineBinary, type HooklineBinary } from './testing/hookline-binary.js';

// The compiled CLI as a real process: what a script sees (exit codes, stdout JSON,
// stderr lines). The API side is a stand-in here; *.int-spec.ts runs against the real one.
describe('hookline (built) as a child process', () => {
  let hookline: HooklineBinary;
  let api: ApiStandIn;
  const env = () => ({ HOOKLINE_API_URL: api.url, HOOKLINE_TOKEN: 'hl_tok_secret' });

  beforeAll(async () => {
    hookline = buildHooklineBinary();
    api = await ApiStandIn.start();
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    hookline?.remove();
  });

  describe('config validate (offline)', () => {
    it('a valid file: exit 0 and its summary', async () => {
      const run = await hookline.run([
        'config',
        'validate',
        workspaceFile('hookline.example.yaml'),
      ]);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toMatch(
        /hookline\.example\.yaml is valid: 1 tenant, 7 sources, 2 destinations, 7 routes\n$/,
      );
    });

    it('an invalid file: exit 1, one line per issue with its place, then the count', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'cli-config-'));
      const bad = join(dir, 'hookline.yaml');
      writeFileSync(
        bad,
        readFileSync(workspaceFile('hookline.example.yaml'), 'utf8')
          .replace('provider: github', 'provider: gitbucket')
          .replace('destination: acme-finance', 'destination: nowhere'),
      );
      const run = await hookline.run(['config', 'validate', bad]);
      expect(run.code).toBe(ExitCode.failure);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trim().split('\n');
      expect(lines[0]).toMatch(/provider.*unknown provider "gitbucket"/);
      expect(lines.some((line) => /nowhere/.test(line))).toBe(true);
      expect(lines.at(-1)).toBe(`hookline: ${bad} is invalid: ${lines.length - 1} issues`);

      const json = await hookline.run(['config', 'validate', bad, '--json']);
      expect(json.code).toBe(ExitCode.failure);
      const parsed = JSON.parse(json.stdout) as { valid: boolean; errors: string[] };
      expect(parsed.valid).toBe(false);
      expect(parsed.errors).toEqual(lines.slice(0, -1));
    });

    it('a missing file: exit 1 naming it; no file argument: usage (exit 2)', async () => {
      const missing = await hookline.run(['config', 'validate', '/nonexistent/hookline.yaml']);
      expect(missing.code).toBe(ExitCode.failure);
      expect(missing.stderr).toContain('cannot read /nonexistent/hookline.yaml');
      const usage = await hookline.run(['config', 'validate']);
      expect(usage.code).toBe(ExitCode.usage);
      expect(usage.stderr).toContain("missing required argument 'file'");
    });

    it('an env: secret resolves from the environment, as the services would', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'cli-config-'));
      const file = join(dir, 'hookline.yaml');
      writeFileSync(
        file,
        readFileSync(workspaceFile('hookline.example.yaml'), 'utf8').replace(
          '- demo-only-github-secret # DEMO ONLY',
          '- env:CLI_TEST_GITHUB_SECRET',
        ),
      );
      const unset = await hookline.run(['config', 'validate', file]);
      expect(unset.code).toBe(ExitCode.failure);
      expect(unset.stderr).toContain('CLI_TEST_GITHUB_SECRET');
      const set = await hookline.run(['config', 'validate', file], {
        CLI_TEST_GITHUB_SECRET: 's3cret',
      });
      expect(set.code).toBe(0);
    });
  });

  describe('against an API stand-in', () => {
    it('sends the bearer token and prints the answer as JSON with --json', async () => {
      const page = { items: [{ rawEventId: 'raw_1', status: 'delivered' }], nextCursor: null };
      api.answer = () => ({ status: 200, body: page });
      const run = await hookline.run(['events', 'list', '--tenant', 'acme', '--json'], env());
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual(page);
      expect(api.requests.at(-1)).toMatchObject({
        method: 'GET',
        url: '/api/v1/events?tenant=acme',
        authorization: 'Bearer hl_tok_secret',
      });
    });

    it.each([
      [401, ExitCode.auth],
      [403, ExitCode.auth],
      [404, ExitCode.notFound],
      [400, ExitCode.usage],
      [503, ExitCode.failure],
    ])('an API answer of %i exits %i with its message', async (status, code) => {
      api.answer = () => ({ status, body: { statusCode: status, message: `said ${status}` } });
      const run = await hookline.run(['dead-letters', 'show', 'dl_1'], env());
      expect(run.code).toBe(code);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(
        new RegExp(`^hookline: GET /api/v1/dead-letters/dl_1: ${status} .*: said ${status}\\n$`),
      );
    });

    it('an API that does not answer exits 5', async () => {
      const closed = await closedPort();
      const run = await hookline.run(['replays', 'list'], {
        ...env(),
        HOOKLINE_API_URL: `http://127.0.0.1:${closed}`,
      });
      expect(run.code).toBe(ExitCode.unreachable);
      expect(run.stderr).toBe(
        `hookline: cannot reach the operator API at http://127.0.0.1:${closed}: ECONNREFUSED\n`,
      );
    });

    it('replays start --follow polls until the end and exits 6 when records failed', async () => {
      let polls = 0;
      const job = (state: string, sent: number, failed = 0) => ({
        id: 'rpl_7',
        kind: 'dead-letters',
        state,
        createdBy: 'ops',
        createdAt: '2026-03-01T12:00:00Z',
        startedAt: null,
        finishedAt: null,
        total: 3,
        sent,
        skipped: 0,
        alreadyDelivered: 0,
        failed,
        rate: null,
        force: false,
        request: {},
        error: null,
      });
      api.answer = (request) => {
        if (request.method === 'POST') return { status: 201, body: job('pending', 0) };
        polls += 1;
        return { status: 200, body: polls < 3 ? job('running', polls) : job('completed', 2, 1) };
      };
      const run = await hookline.run(
        ['replays', 'start', '--tenant', 'acme', '--follow', '--interval', '10'],
        env(),
      );
      expect(run.code).toBe(ExitCode.replayFailed);
      expect(api.requests.at(-4)).toMatchObject({
        method: 'POST',
        url: '/api/v1/replays',
        body: { kind: 'dead-letters', filter: { tenant: 'acme' } },
      });
      expect(polls).toBe(3);
      expect(run.stdout).toMatch(/state:\s+completed/);
      expect(run.stderr).toContain('replay rpl_7 running: 2/3 sent');
      expect(run.stderr).toContain('hookline: replay rpl_7 completed with 1 failed');
    });

    it('no token: exit 3 without a request', async () => {
      const before = api.requests.length;
      const run = await hookline.run(['whoami'], { HOOKLINE_API_URL: api.url });
      expect(run.code).toBe(ExitCode.auth);
      expect(run.stderr).toBe('hookline: no operator token: set HOOKLINE_TOKEN or pass --token\n');
      expect(api.requests.length).toBe(before);
    });
  });

  it('--help on every command exits 0', async () => {
    const commands = [
      [],
      ['events', 'list'],
      ['events', 'show'],
      ['dead-letters', 'list'],
      ['dead-letters', 'show'],
      ['dead-letters', 'summary'],
      ['replays', 'start'],
      ['replays', 'dry-run'],
      ['replays', 'follow'],
      ['replays', 'cancel'],
      ['replays', 'list'],
      ['replays', 'show'],
      ['replay', 'offset-range'],
      ['redrive'],
      ['config', 'validate'],
      ['demo'],
      ['whoami'],
    ];
    const runs = await Promise.all(commands.map((command) => hookline.run([...command, '--help'])));
    commands.forEach((command, index) => {
      const run = runs[index]!;
      expect(`${command.join(' ')}: ${run.code}`).toBe(`${command.join(' ')}: 0`);
      expect(run.stdout).toMatch(new RegExp(`^Usage: hookline ${command.join(' ')}`));
    });
  }, 300_000);
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
