import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type DemoOutcome } from './demo/demo-outcome.js';
import { ExitCode } from './exit-codes.js';
import { startDemoStack, STACK_TOKENS, type DemoStack } from './testing/demo-stack.js';
import { buildHooklineBinary, type HooklineBinary } from './testing/hookline-binary.js';

// The compiled CLI against the five services as processes on the real Kafka and
// PostgreSQL: `hookline demo` sends a signed sample per source and reads where each
// ended through the operator API; the read commands then find the same webhooks.
describe('hookline against a running stack', () => {
  let hookline: HooklineBinary;
  let stack: DemoStack;
  let outcomes: DemoOutcome[];
  const as = (token: string) => ({ HOOKLINE_API_URL: stack.apiUrl, HOOKLINE_TOKEN: token });

  beforeAll(async () => {
    hookline = buildHooklineBinary(['apps', 'libs', 'deploy/local/src']);
    stack = await startDemoStack(hookline.outDir);
  }, 400_000);

  afterAll(async () => {
    await stack?.close();
    hookline?.remove();
  }, 60_000);

  it('demo: each sample source ends delivered, filtered, unrouted or dead-lettered, with why', async () => {
    const run = await hookline.run(
      [
        'demo',
        '--config',
        stack.configPath,
        '--ingest',
        stack.ingestUrl,
        '--timeout',
        '120',
        '--json',
      ],
      as(STACK_TOKENS.viewer),
    );
    if (run.code !== 0) process.stdout.write(`${run.stdout}\n${run.stderr}\n`);
    expect(run.code).toBe(0);
    outcomes = JSON.parse(run.stdout) as DemoOutcome[];
    const bySource = Object.fromEntries(outcomes.map((row) => [row.sourceId, row]));
    expect(Object.keys(bySource).sort()).toEqual([
      'acme-github',
      'acme-hmac',
      'acme-slack',
      'acme-stripe',
    ]);
    expect(bySource['acme-stripe']).toMatchObject({
      ingestStatus: 200,
      outcome: 'delivered',
      types: ['billing.invoice.paid'],
    });
    expect(bySource['acme-stripe']?.why).toContain('acme-orders');
    expect(bySource['acme-github']).toMatchObject({ outcome: 'filtered' });
    expect(bySource['acme-slack']).toMatchObject({ outcome: 'unrouted' });
    expect(bySource['acme-hmac']).toMatchObject({ outcome: 'dead_lettered' });
    expect(bySource['acme-hmac']?.why).toMatch(/acme-refusing|400/);
    expect(stack.received).toContain('/ok');
    expect(stack.received).toContain('/refuse');
  }, 240_000);

  it('demo prints a table of the same', async () => {
    const run = await hookline.run(
      ['demo', '--config', stack.configPath, '--ingest', stack.ingestUrl, '--timeout', '120'],
      as(STACK_TOKENS.viewer),
    );
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^SOURCE\s+PROVIDER\s+INGEST\s+RAW EVENT\s+TYPES\s+OUTCOME\s+WHY$/);
    expect(lines.find((line) => line.startsWith('acme-stripe'))).toMatch(/\s200\s.*\sdelivered\s/);
    expect(lines.find((line) => line.startsWith('acme-hmac'))).toMatch(/\sdead_lettered\s/);
  }, 240_000);

  it('events list and show find a demo webhook, as JSON and as text', async () => {
    const stripe = outcomes.find((row) => row.sourceId === 'acme-stripe')!;
    const list = await hookline.run(
      ['events', 'list', '--source', 'acme-stripe', '--status', 'delivered', '--json'],
      as(STACK_TOKENS.viewer),
    );
    expect(list.code).toBe(0);
    const page = JSON.parse(list.stdout) as { items: { rawEventId: string; status: string }[] };
    expect(page.items.map((item) => item.rawEventId)).toContain(stripe.rawEventId);

    const show = await hookline.run(
      ['events', 'show', stripe.rawEventId!],
      as(STACK_TOKENS.viewer),
    );
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(new RegExp(`^raw event:\\s+${stripe.rawEventId}$`, 'm'));
    expect(show.stdout).toMatch(/^\S+\s+executor\s+delivered\s+acme-orders\s/m);
    expect(show.stdout).toContain('billing.invoice.paid');
    expect(show.stdout).toMatch(/timeline:\n/);

    const missing = await hookline.run(
      ['events', 'show', 'raw_does_not_exist'],
      as(STACK_TOKENS.viewer),
    );
    expect(missing.code).toBe(ExitCode.notFound);
  });

  it('dead-letters list, show and summary report the refused delivery', async () => {
    const list = await hookline.run(
      ['dead-letters', 'list', '--destination', 'acme-refusing', '--json'],
      as(STACK_TOKENS.viewer),
    );
    expect(list.code).toBe(0);
    const page = JSON.parse(list.stdout) as { items: { id: string; destinationId: string }[] };
    expect(page.items.length).toBeGreaterThanOrEqual(1);
    const [letter] = page.items;
    expect(letter?.destinationId).toBe('acme-refusing');

    const show = await hookline.run(['dead-letters', 'show', letter!.id], as(STACK_TOKENS.viewer));
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/destination:\s+acme-refusing/);

    const summary = await hookline.run(
      ['dead-letters', 'summary', '--by', 'destination', '--json'],
      as(STACK_TOKENS.viewer),
    );
    expect(summary.code).toBe(0);
    const groups = (JSON.parse(summary.stdout) as { groups: { key: string; count: number }[] })
      .groups;
    expect(groups.find((group) => group.key === 'acme-refusing')?.count).toBeGreaterThanOrEqual(1);
  });

  it('auth: a wrong token exits 3, and so does a viewer asking for a replay', async () => {
    const wrong = await hookline.run(['whoami'], as('hl_cli-admin_not-the-secret-000000000000'));
    expect(wrong.code).toBe(ExitCode.auth);
    const who = await hookline.run(['whoami', '--json'], as(STACK_TOKENS.viewer));
    expect(JSON.parse(who.stdout)).toMatchObject({ name: 'cli-viewer', role: 'viewer' });
    const viewerReplay = await hookline.run(['replays', 'dry-run'], as(STACK_TOKENS.viewer));
    expect(viewerReplay.code).toBe(ExitCode.auth);
    expect(viewerReplay.stderr).toMatch(/^hookline: POST \/api\/v1\/replays: 403 /);
  });

  it('replays: a dry run of nothing exits 7; one of the dead letter is started and followed to its end', async () => {
    const nothing = await hookline.run(
      ['replays', 'dry-run', '--destination', 'no-such-destination'],
      as(STACK_TOKENS.admin),
    );
    expect(nothing.code).toBe(ExitCode.nothingToReplay);
    expect(nothing.stdout).toContain('would replay 0 records');

    const dryRun = await hookline.run(
      ['replays', 'dry-run', '--destination', 'acme-refusing', '--json'],
      as(STACK_TOKENS.admin),
    );
    expect(dryRun.code).toBe(0);
    const job = JSON.parse(dryRun.stdout) as {
      id: string;
      state: string;
      preview: { total: number };
    };
    expect(job.state).toBe('dry-run');
    expect(job.preview.total).toBeGreaterThanOrEqual(1);

    const followed = await hookline.run(
      ['replays', 'start', job.id, '--follow', '--interval', '200', '--json'],
      as(STACK_TOKENS.admin),
    );
    if (followed.code !== 0) process.stdout.write(`${followed.stdout}\n${followed.stderr}\n`);
    expect(followed.code).toBe(0);
    const done = JSON.parse(followed.stdout) as { state: string; sent: number; total: number };
    expect(done).toMatchObject({ state: 'completed', total: job.preview.total });
    expect(done.sent).toBe(job.preview.total);

    // A job over every tenant is the admin's to see: a viewer of one tenant gets 404.
    const hidden = await hookline.run(['replays', 'show', job.id], as(STACK_TOKENS.viewer));
    expect(hidden.code).toBe(ExitCode.notFound);
    const shown = await hookline.run(['replays', 'show', job.id], as(STACK_TOKENS.admin));
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/state:\s+completed/);
    const listed = await hookline.run(['replays', 'list', '--json'], as(STACK_TOKENS.admin));
    expect(
      (JSON.parse(listed.stdout) as { items: { id: string }[] }).items.map((item) => item.id),
    ).toContain(job.id);
    const missing = await hookline.run(
      ['replays', 'follow', 'rpl_missing'],
      as(STACK_TOKENS.viewer),
    );
    expect(missing.code).toBe(ExitCode.notFound);
  }, 120_000);
});
