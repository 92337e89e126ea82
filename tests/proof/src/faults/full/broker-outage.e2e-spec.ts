import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTestDatabase, type PrivateKafka, startPrivateKafka } from '@hookline/testing';
import {
  eventsOf,
  expectSettled,
  type FaultFixture,
  startFaultFixture,
  steadyLoad,
  waitForEffects,
} from '../../harness/fault-fixture.js';

// A broker of the test's own, SIGKILLed (no clean shutdown) for 20 s under steady load and
// started again: ingest keeps acknowledging what it made durable in PostgreSQL, the relay
// publishes it once Kafka is back, every service reconnects by itself.
describe('the Kafka broker SIGKILLed for 20 s under steady load', () => {
  let kafka: PrivateKafka;
  let fixture: FaultFixture;

  beforeAll(async () => {
    // A broker restarted after SIGKILL recovers its logs first: slow on a loaded machine.
    kafka = await startPrivateKafka({ startTimeoutMs: 240_000 });
    fixture = await startFaultFixture({
      kafkaBrokers: kafka.brokers,
      createDatabase: createTestDatabase,
      destinations: [{ id: 'main' }],
      routes: [{ id: 'to-main', destination: 'main', customer: 'cus_main' }],
      env: { HOOKLINE_RELAY_INTERVAL_MS: '1000' },
    });
  }, 420_000);

  afterAll(async () => {
    await fixture?.close();
    await kafka?.remove();
  }, 120_000);

  it('every webhook acknowledged before, during and after the outage is delivered once', async () => {
    const load = steadyLoad(fixture, eventsOf('broker', 'cus_main', ['main']), 15, 6);
    await waitForEffects(fixture, 'main', 20);
    await kafka.kill();
    const ackedBefore = fixture.traffic.acked.length;
    await sleep(20_000);
    const ackedDuring = fixture.traffic.acked.length - ackedBefore;
    await kafka.start();
    await waitForEffects(
      fixture,
      'main',
      (fixture.sink.effects.get('main')?.size ?? 0) + 20,
      180_000,
    );
    await load.stop();
    process.stdout.write(
      `[faults] broker outage: ${ackedDuring} webhooks acknowledged while Kafka was down\n`,
    );
    await expectSettled(fixture, 'broker SIGKILL 20 s', 'evt_broker_', { timeoutMs: 240_000 });
    expect(fixture.traffic.acked.length).toBeGreaterThan(ackedBefore);
  }, 600_000);
});
