import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { type ServiceInstanceRepository } from '@hookline/persistence';
import { loadServiceConfig } from '../config/service-config.js';
import { type DependencySupervisor } from '../dependencies/dependency-supervisor.js';
import { InstanceHeartbeat } from './instance-heartbeat.service.js';

/** A repository whose heartbeats finish only when the test says so. */
function recordingRepository() {
  const calls: string[] = [];
  const pending: (() => void)[] = [];
  const repository = {
    heartbeat: () =>
      new Promise<void>((resolve) => {
        calls.push('heartbeat started');
        pending.push(() => {
          calls.push('heartbeat done');
          resolve();
        });
      }),
    markStopped: async () => void calls.push('marked stopped'),
  };
  return {
    calls,
    finishHeartbeat: () => pending.shift()?.(),
    repository: repository as unknown as ServiceInstanceRepository,
  };
}

const config = loadServiceConfig('router', {
  KAFKA_BROKERS: '127.0.0.1:1',
  DATABASE_URL: 'postgres://u:p@127.0.0.1:1/db',
  HOOKLINE_HEARTBEAT_MS: '50',
});
const connected = { whenConnected: () => Promise.resolve() } as unknown as DependencySupervisor;

describe('InstanceHeartbeat', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('marks the instance stopped only after the heartbeat under way has landed', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    const { calls, finishHeartbeat, repository } = recordingRepository();
    const heartbeat = new InstanceHeartbeat(repository, connected, config);
    heartbeat.onApplicationBootstrap();
    await Promise.resolve();
    expect(calls).toEqual(['heartbeat started']);

    const stopping = heartbeat.beforeApplicationShutdown();
    await new Promise((resolve) => setImmediate(resolve));
    // The stop mark must not overtake the upsert, which clears stopped_at.
    expect(calls).toEqual(['heartbeat started']);
    finishHeartbeat();
    await stopping;
    expect(calls).toEqual(['heartbeat started', 'heartbeat done', 'marked stopped']);

    // Stopped while the first heartbeat was under way: no timer was armed after it.
    jest.advanceTimersByTime(10 * config.readiness.heartbeatMs);
    expect(calls).toHaveLength(3);
  });
});
