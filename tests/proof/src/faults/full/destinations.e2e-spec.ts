import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  eventsOf,
  expectSettled,
  type FaultFixture,
  startFaultFixture,
  steadyLoad,
} from '../../harness/fault-fixture.js';

// Destinations that misbehave, each beside one that does not (`beside`): every event goes
// to both, so a neighbour's delivery proves the bad one held nothing up.
describe('misbehaving destinations under steady load', () => {
  let fixture: FaultFixture;

  beforeAll(async () => {
    fixture = await startFaultFixture({
      destinations: [
        { id: 'beside' },
        // Tiers that outlast a 30 s outage: 2 + 5 + 10 + 20 s.
        { id: 'flaps', retryTiers: ['2s', '5s', '10s', '20s'] },
        // While its circuit is open a task waits without spending a tier (docs/delivery.md),
        // so a destination that never answers holds its events until it is disabled.
        { id: 'hangs', timeout: '2s', retryTiers: ['1s', '1s'], disableAfter: '10s' },
        { id: 'slow', timeout: '5s' },
      ],
      routes: ['flaps', 'hangs', 'slow'].flatMap((destination) => [
        { id: `to-${destination}`, destination, customer: `cus_${destination}` },
        { id: `beside-${destination}`, destination: 'beside', customer: `cus_${destination}` },
      ]),
    });
  }, 420_000);

  afterAll(async () => {
    await fixture?.close();
  }, 120_000);

  it('a destination answering 503 for 30 s: everything delivered once it is back, nothing dead-lettered', async () => {
    fixture.sink.setMode('flaps', { kind: 'status', status: 503 });
    const load = steadyLoad(fixture, eventsOf('flap', 'cus_flaps', ['flaps', 'beside']), 10, 4);
    await sleep(30_000);
    fixture.sink.setMode('flaps', { kind: 'ok' });
    await sleep(3_000);
    await load.stop();
    const result = await expectSettled(fixture, 'flapping destination', 'evt_flap_', {
      timeoutMs: 180_000,
    });
    expect(result.deadLettered).toBe(0);
    expect(result.delivered).toBe(result.expectedEffects);
    expect(fixture.sink.answered('flaps', '503')).toBeGreaterThan(0);
  }, 300_000);

  it('a destination that never answers: disabled, each event dead-lettered or parked; its neighbour gets every event', async () => {
    fixture.sink.setMode('hangs', { kind: 'hang' });
    const load = steadyLoad(fixture, eventsOf('hang', 'cus_hangs', ['hangs', 'beside']), 10, 4);
    await sleep(10_000);
    await load.stop();
    const result = await expectSettled(fixture, 'hanging destination', 'evt_hang_', {
      timeoutMs: 180_000,
    });
    expect(result.deadLettered + result.parked).toBe(result.acknowledged);
    expect(result.parked).toBeGreaterThan(0);
    expect(result.delivered).toBe(result.acknowledged);
    fixture.sink.setMode('hangs', { kind: 'ok' });
  }, 300_000);

  it('a destination answering after 1.5 s (past the 1 s the executor waits): all delivered once', async () => {
    fixture.sink.setMode('slow', { kind: 'slow', delayMs: 1_500 });
    const load = steadyLoad(fixture, eventsOf('slow', 'cus_slow', ['slow', 'beside']), 10, 4);
    await sleep(10_000);
    await load.stop();
    const result = await expectSettled(fixture, 'slow destination', 'evt_slow_', {
      timeoutMs: 180_000,
    });
    expect(result.deadLettered).toBe(0);
    expect(result.delivered).toBe(result.expectedEffects);
  }, 300_000);
});
