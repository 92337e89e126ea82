import { describe, expect, it } from '@jest/globals';
import { type Kafka } from 'kafkajs';
import { PermanentError } from '../errors.js';
import { ConsumerCounters } from './consumer-metrics.js';
import { planConsumer, planReplayLane } from './consumer-plan.js';
import { testContract } from './consumer-test-kit.js';
import { HooklineConsumer } from './hookline-consumer.js';

const handle = async () => {};

describe('planConsumer', () => {
  it('derives topics, group and defaults from the service and the contract', () => {
    const plan = planConsumer(
      { contract: testContract, handle, options: {} },
      { service: 'router', topicPrefix: '' },
    );
    expect(plan.mainTopic).toBe('hookline.events.v1');
    expect(plan.tiers.map((tier) => tier.topic)).toEqual([
      'hookline.events.v1.retry.1m',
      'hookline.events.v1.retry.5m',
      'hookline.events.v1.retry.30m',
      'hookline.events.v1.retry.2h',
    ]);
    expect(plan.deadLetterTopic).toBe('hookline.events.v1.dlt');
    expect(plan.groupId).toBe('hookline-router.hookline.events.v1');
    expect(plan.stage).toBe('router:hookline.events.v1');
    expect(plan.classify(new PermanentError('x'))).toBe('permanent');
    expect(plan.classify(new Error('x'))).toBe('transient');
  });

  it('gives a main handler a replay lane of its own group, failing into the same tiers and DLT', () => {
    const plan = planConsumer(
      { contract: testContract, handle, options: {} },
      { service: 'router', topicPrefix: 't1' },
    );
    const lane = planReplayLane(plan);
    expect(lane).toMatchObject({
      lane: 'replay',
      mode: 'main',
      mainTopic: 't1.hookline.events.v1.replay',
      groupId: 'hookline-router.t1.hookline.events.v1.replay',
      deadLetterTopic: 't1.hookline.events.v1.dlt',
      stage: 'router:hookline.events.v1',
    });
    expect(lane?.tiers).toEqual(plan.tiers);
    // The lane's consumer reads the lane alone; the live group reads the tiers.
    const forwarder = { sendRaw: async () => undefined };
    const read = (of: typeof plan) =>
      new HooklineConsumer({} as Kafka, of, forwarder, new ConsumerCounters()).topics;
    expect(read(lane!)).toEqual(['t1.hookline.events.v1.replay']);
    expect(read(plan)).toHaveLength(5);
    const deadLetters = planConsumer(
      { contract: testContract, handle, options: { deadLetters: true } },
      { service: 'replay', topicPrefix: '' },
    );
    expect(planReplayLane(deadLetters)).toBeUndefined();
  });

  it('takes the service-wide group settings, the handler session timeout first', () => {
    const service = planConsumer(
      { contract: testContract, handle, options: {} },
      { service: 'router', topicPrefix: '', group: { sessionTimeoutMs: 8_000 } },
    );
    expect(service.group).toEqual({
      sessionTimeoutMs: 8_000,
      heartbeatIntervalMs: 1_000,
      rebalanceTimeoutMs: 30_000,
      restartDelayMs: 1_000,
      lagIntervalMs: 5_000,
      fetchMinBytes: 1,
      fetchMaxWaitMs: 1_000,
    });
    const own = planConsumer(
      { contract: testContract, handle, options: { sessionTimeoutMs: 20_000 } },
      { service: 'router', topicPrefix: '', group: { sessionTimeoutMs: 8_000 } },
    );
    expect(own.group.sessionTimeoutMs).toBe(20_000);
    expect(() =>
      planConsumer(
        { contract: testContract, handle, options: { sessionTimeoutMs: 6_000 } },
        { service: 'router', topicPrefix: '', group: { heartbeatIntervalMs: 6_000 } },
      ),
    ).toThrow(/heartbeat interval \(6000 ms\) must be below the session timeout \(6000 ms\)/);
  });

  it('lets the handler override the service-wide tiers', () => {
    const plan = planConsumer(
      { contract: testContract, handle, options: { retryTiers: ['500ms'] } },
      { service: 'router', topicPrefix: 't1', retryTiers: ['2s', '4s'] },
    );
    expect(plan.tiers.map((tier) => tier.topic)).toEqual(['t1.hookline.events.v1.retry.500ms']);
  });

  it('rejects tiers that would share a topic, and a jitter out of range', () => {
    expect(() =>
      planConsumer(
        { contract: testContract, handle, options: { retryTiers: ['1s', '1000ms'] } },
        { service: 's', topicPrefix: '' },
      ),
    ).toThrow('retry tiers of hookline.events.v1 must differ, got [1s, 1000ms]');
    expect(() =>
      planConsumer(
        { contract: testContract, handle, options: { jitter: 1.5 } },
        { service: 's', topicPrefix: '' },
      ),
    ).toThrow('jitter must be in [0, 1), got 1.5');
  });
});
