import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ServiceName } from '@hookline/contracts';
import {
  expectSettled,
  type FaultFixture,
  SOURCE_ID,
  startFaultFixture,
  steadyLoad,
  waitForEffects,
} from '../../harness/fault-fixture.js';
import { type EventSpec } from '../../harness/traffic.js';

// Each service but the executor (a quick case) SIGKILLed in turn mid-stream and started
// again: every fifth event also goes to a destination that refuses it (400), so dead
// letters flow through the replay service's recorder as well.
describe('SIGKILL of each service in turn under steady load', () => {
  let fixture: FaultFixture;

  beforeAll(async () => {
    fixture = await startFaultFixture({
      destinations: [{ id: 'main' }, { id: 'refuses' }],
      routes: [
        { id: 'to-main', destination: 'main', customer: 'cus_main' },
        { id: 'all-to-main', destination: 'main', customer: 'cus_both' },
        { id: 'to-refuses', destination: 'refuses', customer: 'cus_both' },
      ],
    });
    fixture.sink.setMode('refuses', { kind: 'status', status: 400 });
  }, 420_000);

  afterAll(async () => {
    await fixture?.close();
  }, 120_000);

  const services: ServiceName[] = ['ingest', 'normalizer', 'router', 'replay'];
  it.each(services)(
    'SIGKILL %s: every acknowledged webhook delivered or dead-lettered, none twice, and it recovers',
    async (service) => {
      const next = (index: number): EventSpec => ({
        sourceId: SOURCE_ID,
        id: `evt_kill${service}_${Date.now().toString(36)}_${index}`,
        customer: index % 5 === 0 ? 'cus_both' : 'cus_main',
        amountPaid: 5_000,
        destinations: index % 5 === 0 ? ['main', 'refuses'] : ['main'],
      });
      const before = fixture.sink.effects.get('main')?.size ?? 0;
      const load = steadyLoad(fixture, next, 15, 6);
      await waitForEffects(fixture, 'main', before + 10);
      await fixture.stack.kill(service);
      await sleep(3_000);
      await fixture.stack.restart(service);
      await waitForEffects(fixture, 'main', (fixture.sink.effects.get('main')?.size ?? 0) + 10);
      await load.stop();
      const result = await expectSettled(fixture, `${service} SIGKILL`, `evt_kill${service}_`);
      expect(result.deadLettered).toBeGreaterThan(0);
      expect(Object.keys(result.deadLetterReasons)).toEqual(['DeliveryRejected']);
    },
    480_000,
  );
});
