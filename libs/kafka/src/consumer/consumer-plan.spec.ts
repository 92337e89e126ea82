import { describe, expect, it } from '@jest/globals';
import { PermanentError } from '../errors.js';
import { planConsumer } from './consumer-plan.js';
import { testContract } from './consumer-test-kit.js';

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
