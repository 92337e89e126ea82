import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type DynamicModule, Module } from '@nestjs/common';
import {
  createTestDatabase,
  startTcpProxy,
  testInfrastructure,
  waitForReady,
  type TcpProxy,
  type TestDatabase,
} from '@hookline/testing';
import { startTestService, type TestService } from '../testing/index.js';
import { RuntimeModule } from '../runtime.module.js';
import { type ServiceConfig } from '../config/service-config.js';

@Module({})
class ProbeModule {
  static register(config: ServiceConfig): DynamicModule {
    return {
      module: ProbeModule,
      imports: [RuntimeModule.forService(config, { startingDelayMs: 50, maxDelayMs: 300 })],
    };
  }
}

function hostPort(address: string): { host: string; port: number } {
  const url = new URL(address.includes('://') ? address : `tcp://${address.split(',')[0]}`);
  return { host: url.hostname, port: Number(url.port) };
}

/** How kafkajs and pg say that a connection was dropped or refused. */
const CONNECTION_FAILED =
  /ECONNREFUSED|ECONNRESET|Connection error|Connection terminated|Closed connection|socket hang up/i;

describe('a service whose dependencies are down at start', () => {
  let database: TestDatabase;
  let running: TestService;
  const proxies: TcpProxy[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    // Closed proxies hold the services' addresses (nothing else can take them) and drop
    // every connection until the test opens them.
    const { kafkaBrokers, databaseAdminUrl } = testInfrastructure();
    const [kafka, postgres] = await Promise.all([
      startTcpProxy(0, hostPort(kafkaBrokers), { open: false }),
      startTcpProxy(0, hostPort(databaseAdminUrl), { open: false }),
    ]);
    proxies.push(kafka, postgres);
    const databaseUrl = new URL(database.url);
    databaseUrl.host = `127.0.0.1:${postgres.port}`;
    running = await startTestService('router', (config) => ProbeModule.register(config), {
      KAFKA_BROKERS: `127.0.0.1:${kafka.port}`,
      DATABASE_URL: databaseUrl.toString(),
      HOOKLINE_READY_TIMEOUT_MS: '1000',
    });
  });

  afterAll(async () => {
    await running?.close();
    await Promise.all(proxies.map((proxy) => proxy.close()));
    await database?.drop();
  });

  it('is live but not ready, and says why', async () => {
    expect((await fetch(`${running.url}/health/live`)).status).toBe(200);
    const readiness = await waitForReady(running.url, 1_500);
    expect(readiness.status).toBe(503);
    expect(readiness.body).toMatchObject({
      status: 'error',
      error: {
        kafka: { status: 'down', message: expect.stringMatching(CONNECTION_FAILED) },
        postgres: { status: 'down', message: expect.stringMatching(CONNECTION_FAILED) },
      },
    });
  });

  it('becomes ready once they come up, without a restart', async () => {
    for (const proxy of proxies) proxy.open();
    const readiness = await waitForReady(running.url, 30_000);
    expect(readiness.status).toBe(200);
  });
});
