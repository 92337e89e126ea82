import { describe, expect, it } from '@jest/globals';
import { FailureHeaders, retryTiers } from '@hookline/contracts';
import { TransientError } from '../errors.js';
import { planConsumer } from './consumer-plan.js';
import { testContract } from './consumer-test-kit.js';
import { routeFailure, type FailedRecord } from './failure-routing.js';

const plan = planConsumer(
  {
    contract: testContract,
    handle: async () => {},
    options: { retryTiers: ['1m', '5m'], jitter: 0.2 },
  },
  { service: 'executor', topicPrefix: '' },
) as Parameters<typeof routeFailure>[0];
const record: FailedRecord = {
  topic: 'hookline.events.v1',
  partition: 2,
  offset: '41',
  timestamp: '1700000000000',
  key: Buffer.from('k'),
  value: Buffer.from('{"id":1,"key":"k"}'),
  headers: { traceparent: Buffer.from('00-abc-def-01') },
};
const now = Date.parse('2026-01-01T00:00:00Z');

describe('routeFailure', () => {
  it('sends a first transient failure to tier 1 with jittered due time', () => {
    const low = routeFailure(plan, record, new Error('timeout'), now, () => 0);
    const high = routeFailure(plan, record, new Error('timeout'), now, () => 0.999_999);
    expect(low.kind).toBe('retry');
    expect(low.record.topic).toBe('hookline.events.v1.retry.1m');
    expect(Number(low.record.headers[FailureHeaders.retryDueAt])).toBe(now + 48_000);
    expect(Number(high.record.headers[FailureHeaders.retryDueAt])).toBeCloseTo(now + 72_000, -1);
    expect(low.record.headers.traceparent?.toString()).toBe('00-abc-def-01');
    expect(low.record.value).toBe(record.value);
  });

  it('keeps the origin and first failure time on later attempts', () => {
    const first = routeFailure(plan, record, new Error('a'), now).record;
    const second = routeFailure(
      plan,
      { ...record, topic: first.topic, partition: 0, offset: '3', headers: first.headers },
      new Error('b'),
      now + 60_000,
    );
    expect(second.kind).toBe('retry');
    expect(second.record.topic).toBe('hookline.events.v1.retry.5m');
    expect(second.record.headers[FailureHeaders.originalTopic]).toBe('hookline.events.v1');
    expect(second.record.headers[FailureHeaders.originalOffset]).toBe('41');
    expect(second.record.headers[FailureHeaders.originalPartition]).toBe('2');
    expect(second.record.headers[FailureHeaders.attempt]).toBe('2');
    expect(second.record.headers[FailureHeaders.firstFailedAt]).toBe(new Date(now).toISOString());
    expect(second.record.headers[FailureHeaders.errorMessage]).toBe('b');
  });

  it('dead-letters after the last tier, without a due time', () => {
    const headers = {
      [FailureHeaders.attempt]: Buffer.from('2'),
      [FailureHeaders.retryDueAt]: Buffer.from('1'),
    };
    const decision = routeFailure(plan, { ...record, headers }, new Error('still down'), now);
    expect(decision.kind).toBe('dead-letter');
    expect(decision.record.topic).toBe('hookline.events.v1.dlt');
    expect(decision.record.headers[FailureHeaders.attempt]).toBe('3');
    expect(decision.record.headers[FailureHeaders.retryDueAt]).toBeUndefined();
  });

  it('honours a transient error that says when to come back', () => {
    const later = now + 10 * 60_000;
    const decision = routeFailure(plan, record, new TransientError('429', later), now, () => 0.5);
    expect(Number(decision.record.headers[FailureHeaders.retryDueAt])).toBe(later);
  });

  describe('with a per-record schedule', () => {
    const wide = planConsumer(
      {
        contract: testContract,
        handle: async () => {},
        options: { retryTiers: ['1s', '1m', '30m'], jitter: 0 },
      },
      { service: 'executor', topicPrefix: '' },
    ) as Parameters<typeof routeFailure>[0];
    const schedule = retryTiers(['200ms', '90s', '2h']);
    const failAt = (attempt: number) =>
      routeFailure(
        wide,
        {
          ...record,
          headers: attempt > 1 ? { [FailureHeaders.attempt]: String(attempt - 1) } : {},
        },
        new Error('503'),
        now,
        () => 0.5,
        schedule,
      );

    it('waits the scheduled delay, carried by the longest tier not above it', () => {
      expect(failAt(2).record.topic).toBe('hookline.events.v1.retry.1m');
      expect(Number(failAt(2).record.headers[FailureHeaders.retryDueAt])).toBe(now + 90_000);
      expect(failAt(3).record.topic).toBe('hookline.events.v1.retry.30m');
      expect(Number(failAt(3).record.headers[FailureHeaders.retryDueAt])).toBe(now + 7_200_000);
    });

    it('puts a delay shorter than every tier on the shortest tier, due at its own time', () => {
      const decision = failAt(1);
      expect(decision.kind === 'retry' && decision.tier).toBe('1s');
      expect(Number(decision.record.headers[FailureHeaders.retryDueAt])).toBe(now + 200);
    });

    it('dead-letters once the schedule is used up, though the consumer has tiers left', () => {
      const decision = failAt(4);
      expect(decision.kind).toBe('dead-letter');
      expect(decision.record.headers[FailureHeaders.attempt]).toBe('4');
    });

    it('dead-letters when the consumer has no tiers to carry a retry', () => {
      const none = planConsumer(
        { contract: testContract, handle: async () => {}, options: { retryTiers: [] } },
        { service: 'executor', topicPrefix: '' },
      ) as Parameters<typeof routeFailure>[0];
      const decision = routeFailure(none, record, new Error('503'), now, Math.random, schedule);
      expect(decision.kind).toBe('dead-letter');
    });
  });
});
