import { Injectable } from '@nestjs/common';
import { type DestinationConfig, type HooklineConfig, SLO_TIERS } from '@hookline/config';
import { parseDuration, type DeliveryTask } from '@hookline/contracts';
import { ServiceMetrics } from '@hookline/observability';
import { HooklineConfigService } from '@hookline/runtime';

const LATENCY_BUCKETS_SECONDS = [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200];

/**
 * What the delivery SLOs need, by integration tier (`tier` is 1, 2 or 3: a bounded label).
 * A delivery counts once, when it ends: `good` when delivered within its tier's latency
 * budget from the webhook's receipt at ingest, `bad` when delivered later or failed for
 * good (dead-lettered). Replays are not counted: the delivery they redo was counted
 * already. The tiers' objectives and budgets are published too, so the burn-rate rules
 * follow `slo.tiers` without being edited.
 */
@Injectable()
export class DeliverySlo {
  private readonly deliveries;
  private readonly latency;
  private readonly retries;

  constructor(
    metrics: ServiceMetrics,
    private readonly config: HooklineConfigService,
  ) {
    this.deliveries = metrics.counter(
      'hookline_slo_deliveries_total',
      'Deliveries that ended, by integration tier: good (delivered within the tier latency budget) or bad (later, or dead-lettered)',
      ['tier', 'outcome'],
    );
    this.latency = metrics.histogram(
      'hookline_slo_delivery_latency_seconds',
      'From receipt at ingest to the destination answering 2xx, by integration tier',
      ['tier'],
      LATENCY_BUCKETS_SECONDS,
    );
    this.retries = metrics.counter(
      'hookline_executor_delivery_retries_total',
      'Failed attempts sent to a retry tier, by integration tier',
      ['tier'],
    );
    metrics.gauge(
      'hookline_slo_objective_ratio',
      'Share of deliveries that must be good, by integration tier (slo.tiers)',
      ['tier'],
      (gauge) => {
        for (const tier of SLO_TIERS)
          gauge.set({ tier }, this.config.current.slo.tiers[tier].objective / 100);
      },
    );
    metrics.gauge(
      'hookline_slo_latency_budget_seconds',
      'How long after receipt a delivery may succeed and still be good, by integration tier',
      ['tier'],
      (gauge) => {
        for (const tier of SLO_TIERS)
          gauge.set({ tier }, parseDuration(this.config.current.slo.tiers[tier].latency) / 1_000);
      },
    );
    // Every tier's series exist from the start, so rates read 0 rather than nothing.
    for (const tier of SLO_TIERS) {
      for (const outcome of ['good', 'bad']) this.deliveries.inc({ tier, outcome }, 0);
      this.retries.inc({ tier }, 0);
    }
  }

  /** The destination answered 2xx. */
  delivered(task: DeliveryTask, destination: DestinationConfig, replayed: boolean): void {
    if (replayed) return;
    const current = this.config.current;
    const tier = tierOf(current, task, destination);
    const seconds = Math.max(0, Date.now() - Date.parse(task.event.time)) / 1_000;
    const budget = parseDuration(current.slo.tiers[tier].latency) / 1_000;
    this.latency.observe({ tier }, seconds);
    this.deliveries.inc({ tier, outcome: seconds <= budget ? 'good' : 'bad' });
  }

  /** Retries are used up or cannot help: the task goes to the dead-letter topic. */
  failed(task: DeliveryTask, destination: DestinationConfig, replayed: boolean): void {
    if (replayed) return;
    this.deliveries.inc({ tier: tierOf(this.config.current, task, destination), outcome: 'bad' });
  }

  /** A failed attempt that a retry tier will try again. */
  retried(task: DeliveryTask, destination: DestinationConfig): void {
    this.retries.inc({ tier: tierOf(this.config.current, task, destination) });
  }
}

/** The route's tier when it sets one, else its destination's. */
export function tierOf(
  config: HooklineConfig,
  task: DeliveryTask,
  destination: DestinationConfig,
): (typeof SLO_TIERS)[number] {
  const route = config.tenants
    .find((tenant) => tenant.id === task.tenantId)
    ?.routes.find((candidate) => candidate.id === task.routeId);
  return String(route?.tier ?? destination.tier) as (typeof SLO_TIERS)[number];
}
