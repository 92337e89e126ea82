import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  eventsOf,
  expectSettled,
  type FaultFixture,
  startFaultFixture,
  steadyLoad,
  waitForEffects,
} from '../../harness/fault-fixture.js';

// The quick cases (part of `npm test`): the shared Kafka and PostgreSQL, the five services
// as processes, a sink that records every effect.
describe('under steady load: an executor crash, a duplicate flood, a refusing destination', () => {
  let fixture: FaultFixture;

  beforeAll(async () => {
    fixture = await startFaultFixture({
      destinations: [{ id: 'main' }, { id: 'refuses' }, { id: 'beside' }],
      routes: [
        { id: 'to-main', destination: 'main', customer: 'cus_main' },
        { id: 'to-refuses', destination: 'refuses', customer: 'cus_refuse' },
        { id: 'to-beside', destination: 'beside', customer: 'cus_refuse' },
      ],
    });
    fixture.sink.setMode('refuses', { kind: 'status', status: 400 });
  }, 420_000);

  afterAll(async () => {
    await fixture?.close();
  }, 120_000);

  it('SIGKILL of the executor mid-stream: every acknowledged webhook is delivered, no effect twice', async () => {
    const load = steadyLoad(fixture, eventsOf('exec', 'cus_main', ['main']), 15, 6);
    await waitForEffects(fixture, 'main', 10);
    await fixture.stack.kill('executor');
    await sleep(3_000);
    await fixture.stack.restart('executor');
    // A few more seconds of load on the restarted executor; settling proves it delivers.
    await sleep(5_000);
    await load.stop();
    // The crash window: an effect made but not yet recorded is sent again with the same
    // webhook-id, which the receiver recognises; a second webhook-id would fail.
    await expectSettled(fixture, 'executor SIGKILL', 'evt_exec_', {
      redeliveriesAllowed: true,
      timeoutMs: 300_000,
    });
  }, 480_000);

  it('a duplicate flood (each event 5 times, 3 of them at once): one effect per event', async () => {
    const next = eventsOf('dup', 'cus_main', ['main']);
    const specs = Array.from({ length: 30 }, (_, index) => next(index));
    const statuses: string[] = [];
    for (const spec of specs) {
      statuses.push(...(await Promise.all([1, 2, 3].map(() => fixture.traffic.send(spec)))));
      statuses.push(await fixture.traffic.send(spec), await fixture.traffic.send(spec));
    }
    expect(statuses.filter((status) => status !== '200')).toEqual([]);
    const result = await expectSettled(fixture, 'duplicate flood', 'evt_dup_');
    expect(result.delivered).toBe(specs.length);
  }, 360_000);

  it('a destination answering 400: dead-lettered at once with the reason; its neighbour gets every event', async () => {
    const next = eventsOf('refuse', 'cus_refuse', ['refuses', 'beside']);
    for (let index = 0; index < 20; index += 1)
      expect(await fixture.traffic.sendUntilAcked(next(index))).toBe('200');
    const result = await expectSettled(fixture, 'destination 400', 'evt_refuse_');
    expect(result.deadLettered).toBe(20);
    expect(result.delivered).toBe(20);
    expect(Object.keys(result.deadLetterReasons)).toEqual(['DeliveryRejected']);
    expect(fixture.sink.answered('refuses', '400')).toBe(20); // once each: no retry of a 400
  }, 360_000);
});
