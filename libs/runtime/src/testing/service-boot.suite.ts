import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type DynamicModule } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { type ServiceName } from '@hookline/contracts';
import { waitForReady } from '@hookline/testing';
import { type ServiceAppOptions } from '../bootstrap.js';
import { type ServiceConfig } from '../config/service-config.js';
import { startTestService, type TestService } from './test-service.js';

type InstanceRow = { service: string; stopped: boolean };

async function pollInstanceRows(
  running: TestService,
  done: (rows: InstanceRow[]) => boolean,
  timeoutMs = 10_000,
): Promise<InstanceRow[]> {
  const client = new pg.Client({ connectionString: running.database.url });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await client.query<InstanceRow>(
        'SELECT service, stopped_at IS NOT NULL AS stopped FROM service_instances WHERE instance_id = $1',
        [running.config.instanceId],
      );
      if (done(rows) || Date.now() > deadline) return rows;
      await sleep(100);
    }
  } finally {
    await client.end();
  }
}

/**
 * The checks every service must pass against the real broker and database: it boots,
 * reports live and ready with both dependencies up, has run its migrations, registers
 * itself as a pipeline member and says so when it stops.
 */
export function describeServiceBoot(
  service: ServiceName,
  moduleFor: (config: ServiceConfig) => DynamicModule,
  options: {
    env?: Record<string, string>;
    app?: ServiceAppOptions;
    /** The service reads no topic (ingest): no consumer series to expect. */
    consumesNothing?: boolean;
  } = {},
): void {
  describe(`${service} boots against real Kafka and PostgreSQL`, () => {
    let running: TestService;

    beforeAll(async () => {
      running = await startTestService(
        service,
        moduleFor,
        { HOOKLINE_HEARTBEAT_MS: '200', KAFKA_LAG_INTERVAL_MS: '200', ...options.env },
        options.app,
      );
    });

    afterAll(async () => {
      await running?.close();
    });

    it('answers /health/live at once', async () => {
      const response = await fetch(`${running.url}/health/live`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'ok', service });
    });

    it('reports ready with Kafka and PostgreSQL up', async () => {
      const readiness = await waitForReady(running.url);
      expect(readiness.status).toBe(200);
      expect(readiness.body).toMatchObject({
        status: 'ok',
        info: { kafka: { status: 'up' }, postgres: { status: 'up' } },
      });
    });

    it('serves Prometheus metrics labelled with the service', async () => {
      const response = await fetch(`${running.url}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await response.text()).toMatch(
        new RegExp(`hookline_process_cpu_seconds_total\\{service="${service}"\\}`),
      );
    });

    if (!options.consumesNothing)
      it('reports the lag of its consumer groups, read from the broker', async () => {
        const lagSeries = new RegExp(
          `^hookline_consumer_lag_records\\{topic="[^"]+",partition="\\d+",group="hookline-${service}\\.[^"]+",service="${service}"\\} \\d+$`,
          'm',
        );
        const deadline = Date.now() + 15_000;
        let text = '';
        while (!lagSeries.test(text) && Date.now() < deadline) {
          await sleep(100);
          text = await (await fetch(`${running.url}/metrics`)).text();
        }
        expect(text).toMatch(lagSeries);
        expect(text).toMatch(/^hookline_consumer_oldest_uncommitted_seconds\{/m);
      });

    it('has migrated its database and registered itself', async () => {
      const rows = await pollInstanceRows(running, (found) => found.length > 0);
      expect(rows).toEqual([{ service, stopped: false }]);
    });

    it('marks itself stopped when shut down', async () => {
      await running.stop();
      const rows = await pollInstanceRows(running, (found) => found[0]?.stopped === true);
      expect(rows).toEqual([{ service, stopped: true }]);
    });
  });
}
