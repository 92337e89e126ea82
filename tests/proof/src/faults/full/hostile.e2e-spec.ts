import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  eventsOf,
  expectSettled,
  type FaultFixture,
  HOSTILE_ENV,
  SOURCE_ID,
  SOURCE_SECRET,
  startFaultFixture,
  steadyLoad,
} from '../../harness/fault-fixture.js';
import { hostileMix, sendHostile, wrongAnswers } from '../../harness/hostile.js';

/** 10,000 unless HOOKLINE_HOSTILE_REQUESTS says otherwise (a slower machine, a quicker look). */
const TOTAL = Number(process.env['HOOKLINE_HOSTILE_REQUESTS'] ?? 10_000);

describe(`${TOTAL} hostile requests beside steady good traffic`, () => {
  let fixture: FaultFixture;

  beforeAll(async () => {
    fixture = await startFaultFixture({
      destinations: [{ id: 'main' }],
      routes: [{ id: 'to-main', destination: 'main', customer: 'cus_main' }],
      env: HOSTILE_ENV,
    });
  }, 420_000);

  afterAll(async () => {
    await fixture?.close();
  }, 120_000);

  it('each gets its answer (401, 400, 415, 404, 413, 408); every good webhook is acknowledged and delivered once', async () => {
    const load = steadyLoad(fixture, eventsOf('good', 'cus_main', ['main']), 20, 4);
    const mix = hostileMix(TOTAL);
    const answers = await sendHostile({
      ingestUrl: fixture.ingestUrl,
      sourceId: SOURCE_ID,
      secret: SOURCE_SECRET,
      mix,
      concurrency: 16,
    });
    await load.stop();
    process.stdout.write(`[faults] hostile: ${JSON.stringify(answers)}\n`);
    expect(wrongAnswers(answers)).toEqual({});
    // Every oversized body refused by ingest, whether the client read the 413 or not.
    const tooLarge = new RegExp(
      `hookline_ingest_requests_total\\{[^}]*outcome="too_large"[^}]*\\} (\\d+)`,
    );
    const refused = Number(tooLarge.exec(await fixture.stack.metrics('ingest'))?.[1] ?? 0);
    expect(refused).toBe(mix.oversized);
    expect(
      Object.values(answers).reduce(
        (sum, byAnswer) => sum + Object.values(byAnswer).reduce((a, b) => a + b, 0),
        0,
      ),
    ).toBe(Object.values(mix).reduce((sum, count) => sum + count, 0));
    // The good traffic beside it: every request answered 200 at the first try.
    expect([...fixture.traffic.statuses.keys()]).toEqual(['200']);
    await expectSettled(fixture, 'good traffic beside hostile', 'evt_good_');
  }, 1_500_000);
});
