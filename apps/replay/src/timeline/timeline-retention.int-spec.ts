import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HooklineConfig, mirrorConfig } from '@hookline/config';
import {
  DatabaseConnection,
  EVENT_TIMELINE_REPOSITORY,
  type EventTimelineRepository,
} from '@hookline/persistence';
import { startTestService, type TestService } from '@hookline/runtime/testing';
import { waitForReady, workspaceFile } from '@hookline/testing';
import { ReplayModule } from '../replay.module.js';
import { TimelineRetention } from './timeline-retention.service.js';

const DAY_MS = 86_400_000;

describe('replay: timeline entries older than timeline.retention are deleted', () => {
  let service: TestService;
  let timeline: EventTimelineRepository;
  let retention: TimelineRetention;

  beforeAll(async () => {
    // The example sets no timeline section: its retention is the default.
    service = await startTestService('replay', (config) => ReplayModule.register(config), {
      HOOKLINE_CONFIG: workspaceFile('hookline.example.yaml'),
    });
    expect((await waitForReady(service.url)).ready).toBe(true);
    // The service mirrors its configuration once connected; a revision written by a test
    // must come after that one to be the one in force.
    const database = service.app.get(DatabaseConnection).get();
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; await sleep(100)) {
      const [row] = (await database.query(`SELECT count(*)::int AS n FROM config_revisions`)) as {
        n: number;
      }[];
      if ((row?.n ?? 0) > 0) break;
    }
    timeline = service.app.get<EventTimelineRepository>(EVENT_TIMELINE_REPOSITORY);
    retention = service.app.get(TimelineRetention);
  });

  afterAll(async () => {
    await service?.close();
  });

  const appendAged = (rawEventId: string, ageDays: number) =>
    timeline.append([
      {
        rawEventId,
        tenantId: 'acme',
        stage: 'ingest',
        state: 'received',
        occurredAt: new Date(Date.now() - ageDays * DAY_MS),
      },
    ]);
  const kept = async (...rawEventIds: string[]) =>
    (await Promise.all(rawEventIds.map((id) => timeline.forRawEvent(id))))
      .filter((entries) => entries.length > 0)
      .map((entries) => entries[0]!.rawEventId);

  it('keeps 30 days when the configuration in force sets no retention', async () => {
    await appendAged('raw_31d', 31);
    await appendAged('raw_29d', 29);
    expect(await retention.retentionMs()).toBe(30 * DAY_MS);
    expect(await retention.sweepNow()).toBe(1);
    expect(await kept('raw_31d', 'raw_29d')).toEqual(['raw_29d']);
  });

  it('follows the retention of the configuration in force, and counts what it deletes', async () => {
    const config = HooklineConfig.parse({ version: 1, tenants: [], timeline: { retention: '2d' } });
    await mirrorConfig(service.app.get(DatabaseConnection).get(), config, 'test');
    await appendAged('raw_3d', 3);
    await appendAged('raw_1d', 1);
    expect(await retention.retentionMs()).toBe(2 * DAY_MS);
    expect(await retention.sweepNow()).toBe(2); // raw_3d and raw_29d
    expect(await kept('raw_3d', 'raw_1d', 'raw_29d')).toEqual(['raw_1d']);
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(/^hookline_timeline_entries_deleted_total\{[^}]*\} 3$/m);
  });
});
