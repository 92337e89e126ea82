import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { FailureHeaders } from '@hookline/contracts';
import { EVENT_TIMELINE_REPOSITORY, type EventTimelineRepository } from '@hookline/persistence';
import { startTestService, type TestService } from '@hookline/runtime/testing';
import { sampleIntegrationEvent, waitForReady, workspaceFile } from '@hookline/testing';
import kafkajs, { type Producer } from 'kafkajs';
import pg from 'pg';
import { ReplayModule } from '../replay.module.js';

describe('replay: dead-letter topics recorded for operators', () => {
  let service: TestService;
  let producer: Producer;
  let db: pg.Client;

  beforeAll(async () => {
    service = await startTestService('replay', (config) => ReplayModule.register(config), {
      HOOKLINE_CONFIG: workspaceFile('hookline.example.yaml'),
    });
    expect((await waitForReady(service.url)).ready).toBe(true);
    producer = new kafkajs.Kafka({
      brokers: service.config.kafka.brokers,
      logLevel: kafkajs.logLevel.NOTHING,
    }).producer();
    await producer.connect();
    db = new pg.Client({ connectionString: service.database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await producer?.disconnect();
    await service?.close();
  });

  it('records every dead letter with where it came from and why, once, poison pills included', async () => {
    const topic = `${service.config.kafka.topicPrefix}.hookline.deliveries.v1.dlt`;
    const failed = {
      [FailureHeaders.originalTopic]: `${service.config.kafka.topicPrefix}.hookline.deliveries.v1`,
      [FailureHeaders.originalPartition]: '1',
      [FailureHeaders.originalOffset]: '41',
      [FailureHeaders.attempt]: '5',
      [FailureHeaders.errorClass]: 'TransientError',
      [FailureHeaders.errorMessage]: 'orders answered 503',
      [FailureHeaders.errorStage]: 'executor:hookline.deliveries.v1',
      [FailureHeaders.firstFailedAt]: '2026-11-23T10:00:00.000Z',
      [FailureHeaders.lastFailedAt]: '2026-11-23T12:30:00.000Z',
      'hookline-tenant-id': 'acme',
    };
    await producer.send({
      topic,
      messages: [
        { key: 'orders:stripe:in_1', value: '{"deliveryId":"dlv_1"}', headers: failed },
        {
          key: 'orders:stripe:in_2',
          value: Buffer.from([0xff, 0x00]),
          headers: { ...failed, [FailureHeaders.errorClass]: 'UndecodableRecord' },
        },
      ],
    });
    let rows: Record<string, unknown>[] = [];
    for (
      const deadline = Date.now() + 20_000;
      rows.length < 2 && Date.now() < deadline;
      await sleep(100)
    ) {
      ({ rows } = await db.query('SELECT * FROM dead_letters ORDER BY "offset"'));
    }
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      topic,
      original_partition: 1,
      original_offset: '41',
      attempts: 5,
      error_class: 'TransientError',
      error_message: 'orders answered 503',
      error_stage: 'executor:hookline.deliveries.v1',
      tenant_id: 'acme',
    });
    expect((rows[0]?.['last_failed_at'] as Date).toISOString()).toBe('2026-11-23T12:30:00.000Z');
    expect(Buffer.compare(rows[1]?.['record_value'] as Buffer, Buffer.from([0xff, 0x00]))).toBe(0);
    expect(rows[1]?.['error_class']).toBe('UndecodableRecord');
    // Indexed as it arrives: the stage, and the destination from the delivery key when
    // the value cannot be read.
    expect(rows[0]).toMatchObject({ stage: 'executor', destination_id: 'orders' });
    expect(rows[1]).toMatchObject({
      stage: 'executor',
      destination_id: 'orders',
      raw_event_id: null,
    });
  });

  it('writes each dead letter to its raw webhook’s timeline as dead_lettered by the stage that gave up', async () => {
    const topic = `${service.config.kafka.topicPrefix}.hookline.deliveries.v1.dlt`;
    const event = sampleIntegrationEvent({ raweventid: 'raw_dlt_1', providereventid: 'evt_dlt_1' });
    const task = {
      deliveryId: 'dlv_t',
      tenantId: 'acme',
      destinationId: 'orders',
      routeId: 'r',
      event,
    };
    const failed = {
      [FailureHeaders.attempt]: '3',
      [FailureHeaders.errorClass]: 'DeliveryRejected',
      [FailureHeaders.errorMessage]: 'orders answered 410',
      [FailureHeaders.errorStage]: 'executor:hookline.deliveries.v1',
      [FailureHeaders.lastFailedAt]: '2026-11-23T12:30:00.000Z',
      'hookline-tenant-id': 'acme',
      'hookline-correlation-id': 'corr_dlt',
    };
    // A poison pill first: it names no raw webhook, so it has no timeline entry.
    await producer.send({
      topic,
      messages: [
        { key: 'k', value: 'not json', headers: failed },
        { key: 'k', value: JSON.stringify(task), headers: failed },
      ],
    });
    const timeline = service.app.get<EventTimelineRepository>(EVENT_TIMELINE_REPOSITORY);
    let raws: string[] = [];
    for (const deadline = Date.now() + 20_000; raws.length === 0 && Date.now() < deadline;) {
      raws = await timeline.findRawEventIds({ tenantIds: '*', providerEventId: 'evt_dlt_1' });
      if (raws.length === 0) await sleep(100);
    }
    expect(raws).toEqual(['raw_dlt_1']);
    const entries = await timeline.forRawEvent('raw_dlt_1');
    expect(entries).toMatchObject([
      {
        stage: 'executor',
        state: 'dead_lettered',
        tenantId: 'acme',
        eventId: event.id,
        destinationId: 'orders',
        correlationId: 'corr_dlt',
        detail: { reason: 'orders answered 410', errorClass: 'DeliveryRejected', attempts: 3 },
      },
    ]);
    // Just after the stage's last failure, so it reads back after what that stage wrote.
    expect(entries[0]!.occurredAt.toISOString()).toBe('2026-11-23T12:30:00.001Z');
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM event_timeline WHERE state = 'dead_lettered'`,
    );
    expect(rows[0]).toEqual({ n: 1 });
  });
});
