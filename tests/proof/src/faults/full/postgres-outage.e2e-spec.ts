import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type PrivatePostgres,
  startPrivatePostgres,
  startTcpProxy,
  type TcpProxy,
  uniqueName,
} from '@hookline/testing';
import {
  eventsOf,
  expectSettled,
  type FaultFixture,
  startFaultFixture,
  steadyLoad,
  waitForEffects,
} from '../../harness/fault-fixture.js';

// A PostgreSQL server of the test's own, reached by every service through a TCP proxy
// that the test can cut (the database unreachable: connections reset, new ones dropped).
describe('PostgreSQL restarted, then unreachable for 20 s, under steady load', () => {
  let postgres: PrivatePostgres;
  let proxy: TcpProxy;
  let fixture: FaultFixture;

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    proxy = await startTcpProxy(0, { host: '127.0.0.1', port: postgres.port });
    fixture = await startFaultFixture({
      createDatabase: async () => {
        const url = new URL(await postgres.createDatabase(uniqueName('hookline_f')));
        url.port = String(proxy.port);
        // The whole server is removed at the end.
        return { url: url.toString(), drop: async () => undefined };
      },
      destinations: [{ id: 'main', retryTiers: ['2s', '5s', '10s', '20s'] }],
      routes: [{ id: 'to-main', destination: 'main', customer: 'cus_main' }],
    });
  }, 420_000);

  afterAll(async () => {
    await fixture?.close();
    await proxy?.close();
    await postgres?.remove();
  }, 120_000);

  it('a PostgreSQL restart: every acknowledged webhook delivered once, services recover on their own', async () => {
    const load = steadyLoad(fixture, eventsOf('pgrestart', 'cus_main', ['main']), 20, 8);
    await waitForEffects(fixture, 'main', 20);
    await postgres.stop();
    await sleep(3_000);
    await postgres.start();
    await waitForEffects(
      fixture,
      'main',
      (fixture.sink.effects.get('main')?.size ?? 0) + 20,
      180_000,
    );
    await load.stop();
    await expectSettled(fixture, 'PostgreSQL restart', 'evt_pgrestart_', {
      timeoutMs: 240_000,
      redeliveriesAllowed: true,
    });
  }, 600_000);

  it('PostgreSQL unreachable for 20 s: every acknowledged webhook delivered once it is back', async () => {
    const load = steadyLoad(fixture, eventsOf('pgcut', 'cus_main', ['main']), 20, 8);
    await waitForEffects(fixture, 'main', (fixture.sink.effects.get('main')?.size ?? 0) + 20);
    proxy.cut();
    await sleep(20_000);
    proxy.open();
    await waitForEffects(
      fixture,
      'main',
      (fixture.sink.effects.get('main')?.size ?? 0) + 20,
      180_000,
    );
    await load.stop();
    await expectSettled(fixture, 'PostgreSQL unreachable 20 s', 'evt_pgcut_', {
      timeoutMs: 240_000,
      redeliveriesAllowed: true,
    });
  }, 600_000);
});
