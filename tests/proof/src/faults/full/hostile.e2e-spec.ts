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

describe('10,000 hostile requests beside steady good traffic', () => {
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

  it('each gets its answer (401, 400, 415, 404, 413, 408, closed); every good webhook is acknowledged and delivered once', async () => {
    const load = steadyLoad(fixture, eventsOf('good', 'cus_main', ['main']), 20, 4);
    const mix = hostileMix(10_000);
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
    expect(
      Object.values(answers).reduce(
        (sum, byAnswer) => sum + Object.values(byAnswer).reduce((a, b) => a + b, 0),
        0,
      ),
    ).toBe(10_000);
    // The good traffic beside it: every request answered 200 at the first try.
    expect([...fixture.traffic.statuses.keys()]).toEqual(['200']);
    await expectSettled(fixture, 'good traffic beside hostile', 'evt_good_');
  }, 1_500_000);
});
