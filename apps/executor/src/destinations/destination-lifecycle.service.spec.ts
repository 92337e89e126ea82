import { describe, expect, it } from '@jest/globals';
import { Destination } from '@hookline/config';
import { type KafkaConnection } from '@hookline/kafka';
import { ServiceMetrics } from '@hookline/observability';
import { type DestinationState, type DestinationStateRepository } from '@hookline/persistence';
import { ExecutorMetrics } from '../delivery/executor-metrics.js';
import { DestinationLifecycle } from './destination-lifecycle.service.js';

/** The destination states in memory, failing since `failingSince`. */
function lifecycleWith(failingSince: Date) {
  const state: DestinationState = {
    destinationId: 'orders',
    failingSince: null,
    disabledAt: null,
    disabledWhy: null,
    parked: 0,
  };
  const states: DestinationStateRepository = {
    state: async () => ({ ...state }),
    recordFailure: async () => (state.failingSince ??= failingSince),
    recordSuccess: async () => void (state.failingSince = null),
    disable: async (_id, why) => {
      state.disabledAt = new Date();
      state.disabledWhy = why;
    },
    enable: async () => [],
    park: async () => void state.parked++,
  };
  const lifecycle = new DestinationLifecycle(
    states,
    {} as KafkaConnection,
    new ExecutorMetrics(new ServiceMetrics('executor-test')),
  );
  return { lifecycle, state };
}

const destination = Destination.parse({
  id: 'orders',
  kind: 'http',
  url: 'https://orders.example/hooks',
  secret: 'whsec_aG9va2xpbmUtdGVzdC1vbmx5LXNlY3JldC0zMmJ5dGU=',
  disableAfter: '10m',
});
const failed = { outcome: 'transient', reason: 'answered 503' } as const;

describe('DestinationLifecycle', () => {
  it('disables a destination that has failed for its disableAfter', async () => {
    const { lifecycle, state } = lifecycleWith(new Date(Date.now() - 11 * 60_000));
    await lifecycle.afterOutcome(destination, failed);
    expect(state.disabledWhy).toMatch(/^failing since /);
  });

  it('keeps a destination that has failed for less, and a success ends its failing period', async () => {
    const { lifecycle, state } = lifecycleWith(new Date(Date.now() - 60_000));
    await lifecycle.afterOutcome(destination, failed);
    expect(state.disabledAt).toBeNull();
    expect(state.failingSince).not.toBeNull();
    await lifecycle.afterOutcome(destination, { outcome: 'delivered', reason: 'answered 204' });
    expect(state.failingSince).toBeNull();
  });

  it('disables a destination without its own disableAfter after the default 24 h', async () => {
    const byDefault = Destination.parse({
      id: 'orders',
      kind: 'http',
      url: 'https://orders.example/hooks',
      secret: 'whsec_aG9va2xpbmUtdGVzdC1vbmx5LXNlY3JldC0zMmJ5dGU=',
    });
    expect(byDefault.disableAfter).toBe('24h');
    const recent = lifecycleWith(new Date(Date.now() - 23 * 3_600_000));
    await recent.lifecycle.afterOutcome(byDefault, failed);
    expect(recent.state.disabledAt).toBeNull();
    const longAgo = lifecycleWith(new Date(Date.now() - 25 * 3_600_000));
    await longAgo.lifecycle.afterOutcome(byDefault, failed);
    expect(longAgo.state.disabledWhy).toMatch(/^failing since /);
  });

  it('disables at once on 410, and ignores other permanent refusals', async () => {
    const { lifecycle, state } = lifecycleWith(new Date());
    await lifecycle.afterOutcome(destination, { outcome: 'permanent', reason: 'answered 400' });
    expect(state.disabledAt).toBeNull();
    await lifecycle.afterOutcome(destination, {
      outcome: 'permanent',
      gone: true,
      reason: 'answered 410',
    });
    expect(state.disabledWhy).toBe('orders answered 410');
  });
});
