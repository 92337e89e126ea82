import { describe, expect, it } from '@jest/globals';
import { Destination, type HooklineConfig, Slo } from '@hookline/config';
import {
  type AttemptOutcome,
  DeliveryFailed,
  DeliveryInProgress,
  DestinationBusy,
  DestinationCircuits,
  type DestinationKinds,
} from '@hookline/destinations';
import { ServiceMetrics } from '@hookline/observability';
import {
  type ClaimResult,
  type DeliveryAttemptRow,
  type DeliveryLedgerRepository,
} from '@hookline/persistence';
import { type HooklineConfigService, type ServiceConfig } from '@hookline/runtime';
import { recordingTimeline } from '@hookline/runtime/testing';
import { sampleIntegrationEvent } from '@hookline/testing';
import { type DestinationLifecycle } from '../destinations/destination-lifecycle.service.js';
import { DeliveryExecutor, type TaskContext } from './delivery-executor.service.js';
import { DeliverySlo } from './delivery-slo.js';
import { DeliveryTimeline, MAX_TIMELINE_REASON } from './delivery-timeline.js';
import { ExecutorMetrics } from './executor-metrics.js';

const destination = Destination.parse({
  id: 'orders',
  kind: 'http',
  url: 'https://orders.example/hooks',
  secret: 'whsec_aG9va2xpbmUtdGVzdC1vbmx5LXNlY3JldC0zMmJ5dGU=',
  retryTiers: ['1s', '5s', '30s'],
});

/** The executor against in-memory stand-ins for the ledger, the kinds and the lifecycle. */
function executorWith(
  claim: ClaimResult,
  outcome: AttemptOutcome = { outcome: 'delivered', reason: 'answered 204' },
  routes: { id: string; tier?: number }[] = [],
  attempt: () => Promise<AttemptOutcome> = async () => outcome,
  beforeClaim: () => Promise<void> = async () => {},
) {
  const calls = {
    requests: 0,
    attempts: [] as DeliveryAttemptRow[],
    completed: 0,
    released: 0,
    forced: false,
    forceId: undefined as string | undefined,
    freshStart: undefined as boolean | undefined,
  };
  const ledger: DeliveryLedgerRepository = {
    claim: async (request) => {
      await beforeClaim();
      calls.forced = request.force;
      calls.forceId = request.forceId;
      calls.freshStart = request.freshStart;
      return claim;
    },
    complete: async () => void calls.completed++,
    release: async () => void calls.released++,
    recordAttempt: async (row) => void calls.attempts.push(row),
    attemptsOf: async () => [],
    doneAmong: async () => [],
    lastDelivered: async () => undefined,
    advance: async () => {},
  };
  const kinds = {
    get: () => ({
      kind: 'http',
      deliver: async () => {
        calls.requests++;
        return attempt();
      },
      close: async () => {},
    }),
    close: async () => {},
  } as unknown as DestinationKinds;
  const config = {
    current: {
      version: 1,
      egress: { allow: [] },
      tenants: [{ id: 'acme', sources: [], routes, destinations: [destination] }],
      slo: Slo.parse({ tiers: { '3': { latency: '10s' } } }),
    } as unknown as HooklineConfig,
  } as HooklineConfigService;
  const lifecycle = {
    parkIfDisabled: async () => false,
    afterOutcome: async () => {},
  } as unknown as DestinationLifecycle;
  const timeline = recordingTimeline();
  const metrics = new ServiceMetrics('executor-test');
  const executor = new DeliveryExecutor(
    config,
    { instanceId: 'executor-test' } as ServiceConfig,
    kinds,
    new DestinationCircuits(),
    ledger,
    { take: async () => ({ allowed: true, retryInMs: 0 }) },
    new ExecutorMetrics(metrics),
    lifecycle,
    new DeliveryTimeline(timeline.writer),
    new DeliverySlo(metrics, config),
  );
  /** One series of the executor's /metrics, by its labels (`service` aside), in any order. */
  const sample = async (name: string, labels: string) => {
    const wanted = labels.split(',');
    const line = (await metrics.render()).split('\n').find((candidate) => {
      const match = /^([^{ ]+)\{([^}]*)\} /.exec(candidate);
      const have = match?.[2]?.split(',').filter((label) => !label.startsWith('service='));
      return (
        match?.[1] === name &&
        have?.length === wanted.length &&
        wanted.every((label) => have.includes(label))
      );
    });
    return line === undefined ? undefined : Number(line.split(' ').pop());
  };
  return { executor, calls, timeline: timeline.entries, sample };
}

const task = (force?: boolean, receivedAt = new Date()) => ({
  deliveryId: 'dlv_1',
  tenantId: 'acme',
  destinationId: 'orders',
  routeId: 'r1',
  event: sampleIntegrationEvent({ time: receivedAt.toISOString() }),
  ...(force ? { force } : {}),
});

function context(attempt: number): TaskContext & { schedule: readonly string[] } {
  const holder = {
    attempt,
    headers: {},
    trace: {},
    schedule: [] as readonly string[],
    useRetrySchedule(delays: readonly string[]) {
      holder.schedule = delays;
    },
  };
  return holder;
}

const claimed = (failures: number): ClaimResult => ({
  status: 'claimed',
  token: 't',
  webhookId: 'dlv_first',
  claims: failures + 1,
  failures,
  lastError: null,
});

/** Resolves once `condition` holds, checking after each turn of the event loop. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe('DeliveryExecutor', () => {
  it('claims for no more deliveries to one destination at once than its local limit', async () => {
    let claiming = 0;
    let most = 0;
    const answers: (() => void)[] = [];
    const { executor, calls } = executorWith(
      claimed(0),
      undefined,
      [],
      undefined,
      () =>
        new Promise<void>((resolve) => {
          claiming += 1;
          most = Math.max(most, claiming);
          answers.push(() => {
            claiming -= 1;
            resolve();
          });
        }),
    );
    const all = Array.from({ length: 12 }, () => executor.deliver(task(), context(1)));
    await until(() => answers.length >= 8);
    while (calls.completed < 12) {
      answers.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(all);
    // Eight: the limit of a destination that sets no concurrency; the other four waited.
    expect(most).toBe(8);
  });

  it('waits for one of its own requests to a full destination to end rather than deferring, and defers when none ends in time', async () => {
    const ends: (() => void)[] = [];
    const { executor, calls } = executorWith(
      claimed(0),
      undefined,
      [],
      () =>
        new Promise<AttemptOutcome>((resolve) =>
          ends.push(() => resolve({ outcome: 'delivered', reason: 'answered 204' })),
        ),
    );
    // Eight requests under way: the limit of a destination that sets no concurrency.
    const first = Array.from({ length: 8 }, () => executor.deliver(task(), context(1)));
    await until(() => ends.length === 8);
    const waiting = executor.deliver(task(), context(1));
    expect(calls.requests).toBe(8);
    ends.shift()!();
    // The ninth starts as the first ends, without a deferral (a deferral rejects `waiting`).
    await until(() => calls.requests === 9);
    for (const end of ends.splice(0)) end();
    await Promise.all([...first, waiting]);
    expect(calls.completed).toBe(9);

    const again = Array.from({ length: 8 }, () => executor.deliver(task(), context(1)));
    await until(() => ends.length === 8);
    const deferred = context(1);
    await expect(executor.deliver(task(), deferred)).rejects.toBeInstanceOf(DestinationBusy);
    expect(deferred.schedule.length).toBeGreaterThan(0);
    expect(calls.requests).toBe(17);
    for (const end of ends.splice(0)) end();
    await Promise.all(again);
  });

  it('skips an effect the ledger has as done, without a request, and records the skip', async () => {
    const { executor, calls, timeline } = executorWith({
      status: 'done',
      webhookId: 'dlv_first',
      failures: 0,
    });
    await executor.deliver(task(), context(1));
    expect(calls.requests).toBe(0);
    expect(calls.attempts.map((row) => row.outcome)).toEqual(['skipped']);
    expect(await timeline()).toMatchObject([
      { state: 'skipped', destinationId: 'orders', detail: { reason: 'already-delivered' } },
    ]);
  });

  it('passes an operator’s force on to the claim', async () => {
    const { executor, calls, timeline } = executorWith(claimed(0));
    await executor.deliver(task(true), context(1));
    expect(calls.forced).toBe(true);
    expect(calls.completed).toBe(1);
    const event = sampleIntegrationEvent();
    expect(await timeline()).toMatchObject([
      {
        state: 'attempt',
        rawEventId: event.raweventid,
        eventId: event.id,
        destinationId: 'orders',
        detail: { attempt: 1, outcome: 'delivered', deliveryId: 'dlv_1', webhookId: 'dlv_first' },
      },
      { state: 'delivered', detail: { attempts: 1, webhookId: 'dlv_first' } },
    ]);
  });

  it('forces the claim of a forced replay (its header), and only then', async () => {
    const forced = executorWith(claimed(0));
    await forced.executor.deliver(task(), { ...context(1), forceId: 'rpl_1:7' });
    expect(forced.calls).toMatchObject({ forced: true, forceId: 'rpl_1:7' });
    const unforced = executorWith(claimed(0));
    await unforced.executor.deliver(task(), context(1));
    expect(unforced.calls.forced).toBe(false);
  });

  it('starts a replayed task’s failure count afresh on its first attempt only', async () => {
    const first = executorWith(claimed(0));
    await first.executor.deliver(task(), { ...context(1), replayed: true });
    expect(first.calls.freshStart).toBe(true);
    const retry = executorWith(claimed(0));
    await retry.executor.deliver(task(), { ...context(2), replayed: true });
    expect(retry.calls.freshStart).toBeUndefined();
    const live = executorWith(claimed(0));
    await live.executor.deliver(task(), context(1));
    expect(live.calls.freshStart).toBeUndefined();
  });

  it('defers a claim held elsewhere without spending a tier', async () => {
    const { executor, calls } = executorWith({
      status: 'busy',
      leaseUntil: new Date(Date.now() + 400),
      failures: 1,
    });
    const ctx = context(3);
    await expect(executor.deliver(task(), ctx)).rejects.toBeInstanceOf(DeliveryInProgress);
    expect(calls.requests).toBe(0);
    // The third attempt's delay is the wait for the claim, not the destination's tier.
    expect(Number(/^(\d+)ms$/.exec(ctx.schedule[2] ?? '')?.[1])).toBeLessThanOrEqual(400);
  });

  it('times a failure by the failures so far, whatever the attempt count', async () => {
    const { executor, calls, timeline } = executorWith(claimed(1), {
      outcome: 'transient',
      status: 503,
      reason: 'answered 503',
    });
    const ctx = context(4); // two deferrals and one failure before
    await expect(executor.deliver(task(), ctx)).rejects.toBeInstanceOf(DeliveryFailed);
    expect(ctx.schedule[3]).toBe('5s');
    expect(calls.released).toBe(1);
    expect(calls.attempts[0]).toMatchObject({
      outcome: 'transient',
      status: 503,
      webhookId: 'dlv_first',
    });
    // Tiers remain: an attempt, not a failure.
    expect(await timeline()).toMatchObject([
      { state: 'attempt', detail: { outcome: 'transient', status: 503, reason: 'answered 503' } },
    ]);
  });

  it('dead-letters once the tiers are used up', async () => {
    const { executor, timeline } = executorWith(claimed(3), {
      outcome: 'transient',
      reason: 'answered 503',
    });
    const ctx = context(4);
    await expect(executor.deliver(task(), ctx)).rejects.toBeInstanceOf(DeliveryFailed);
    expect(ctx.schedule[3]).toBeUndefined();
    expect((await timeline()).map((entry) => entry.state)).toEqual(['attempt', 'failed']);
  });

  it('keeps a short human-readable reason beside the event when a delivery fails for good', async () => {
    const { executor, timeline } = executorWith(claimed(0), {
      outcome: 'permanent',
      status: 400,
      reason: 'answered 400',
    });
    await expect(executor.deliver(task(), context(1))).rejects.toThrow('orders answered 400');
    expect(await timeline()).toMatchObject([
      { state: 'attempt', detail: { outcome: 'permanent', status: 400, reason: 'answered 400' } },
      { state: 'failed', destinationId: 'orders', detail: { reason: 'answered 400', attempts: 1 } },
    ]);

    const long = executorWith(claimed(0), {
      outcome: 'permanent',
      reason: `connection failed: ${'x'.repeat(5_000)}\n  at somewhere`,
    });
    await expect(long.executor.deliver(task(), context(1))).rejects.toThrow();
    const failed = (await long.timeline()).find((entry) => entry.state === 'failed');
    const reason = String((failed?.detail as { reason?: string }).reason);
    expect(reason.length).toBeLessThanOrEqual(MAX_TIMELINE_REASON);
    expect(reason).toMatch(/^connection failed: x+…$/);
  });
});

describe('DeliveryExecutor: the delivery SLO by integration tier', () => {
  it('counts a delivery within its tier budget as good, once, and a destination without tier as tier 2', async () => {
    const { executor, sample } = executorWith(claimed(0));
    await executor.deliver(task(), context(1));
    expect(await sample('hookline_slo_deliveries_total', 'tier="2",outcome="good"')).toBe(1);
    expect(await sample('hookline_slo_deliveries_total', 'tier="2",outcome="bad"')).toBe(0);
    expect(await sample('hookline_slo_delivery_latency_seconds_count', 'tier="2"')).toBe(1);
    expect(await sample('hookline_slo_objective_ratio', 'tier="1"')).toBeCloseTo(0.9999);
    expect(await sample('hookline_slo_latency_budget_seconds', 'tier="3"')).toBe(10);
  });

  it("counts a delivery later than its route's tier budget as bad", async () => {
    const { executor, sample } = executorWith(claimed(0), undefined, [{ id: 'r1', tier: 3 }]);
    await executor.deliver(task(false, new Date(Date.now() - 60_000)), context(1));
    expect(await sample('hookline_slo_deliveries_total', 'tier="3",outcome="bad"')).toBe(1);
    expect(await sample('hookline_slo_deliveries_total', 'tier="3",outcome="good"')).toBe(0);
  });

  it('counts a retried failure as a retry of its tier and a dead-lettered one as bad', async () => {
    const retried = executorWith(claimed(0), { outcome: 'transient', reason: 'answered 503' });
    await expect(retried.executor.deliver(task(), context(1))).rejects.toBeInstanceOf(
      DeliveryFailed,
    );
    expect(await retried.sample('hookline_executor_delivery_retries_total', 'tier="2"')).toBe(1);
    expect(await retried.sample('hookline_slo_deliveries_total', 'tier="2",outcome="bad"')).toBe(0);

    const exhausted = executorWith(claimed(3), { outcome: 'transient', reason: 'answered 503' });
    await expect(exhausted.executor.deliver(task(), context(4))).rejects.toBeInstanceOf(
      DeliveryFailed,
    );
    expect(await exhausted.sample('hookline_slo_deliveries_total', 'tier="2",outcome="bad"')).toBe(
      1,
    );
  });

  it('leaves replays out: the delivery they redo was counted already', async () => {
    const { executor, sample } = executorWith(claimed(0));
    await executor.deliver(task(), { ...context(1), replayed: true });
    expect(await sample('hookline_slo_deliveries_total', 'tier="2",outcome="good"')).toBe(0);
  });
});
