import { Inject, Injectable, Logger } from '@nestjs/common';
import { type DestinationConfig } from '@hookline/config';
import { DeliveriesContract, DeliveryTask, parseDuration } from '@hookline/contracts';
import { type AttemptOutcome } from '@hookline/destinations';
import { KafkaConnection, type StandardHeaders } from '@hookline/kafka';
import {
  DESTINATION_STATES,
  type DestinationState,
  type DestinationStateRepository,
} from '@hookline/persistence';
import { ExecutorMetrics } from '../delivery/executor-metrics.js';

/**
 * Disabled, not lost: a destination that answered 410, or failed without a success for
 * its `disableAfter`, is disabled; tasks for it are parked in PostgreSQL and published
 * again, oldest first, when an operator enables it.
 */
/** How long this executor trusts what it last read of a destination's state. */
const STATE_CACHE_MS = 1_000;

@Injectable()
export class DestinationLifecycle {
  private readonly logger = new Logger(DestinationLifecycle.name);
  /** A read per delivery would cost a round trip each; other executors' changes show within a second. */
  private readonly cached = new Map<string, { state: DestinationState; readAt: number }>();

  constructor(
    @Inject(DESTINATION_STATES) private readonly states: DestinationStateRepository,
    private readonly kafka: KafkaConnection,
    private readonly metrics: ExecutorMetrics,
  ) {}

  state(destinationId: string): Promise<DestinationState> {
    return this.states.state(destinationId);
  }

  private async cachedState(destinationId: string): Promise<DestinationState> {
    const hit = this.cached.get(destinationId);
    if (hit && Date.now() - hit.readAt < STATE_CACHE_MS) return hit.state;
    const state = await this.states.state(destinationId);
    this.cached.set(destinationId, { state, readAt: Date.now() });
    return state;
  }

  /** Parks the task when its destination is disabled; true when it did. */
  async parkIfDisabled(task: DeliveryTask, headers: Partial<StandardHeaders>): Promise<boolean> {
    const state = await this.cachedState(task.destinationId);
    if (!state.disabledAt) return false;
    await this.states.park(task.destinationId, task, {
      correlationId: headers.correlationId ?? task.event.id,
      tenantId: task.tenantId,
      ...(headers.traceparent ? { traceparent: headers.traceparent } : {}),
    });
    this.metrics.parked.inc({ destination: task.destinationId });
    return true;
  }

  /** Keeps the failing period and disables the destination when its outcome says so. */
  async afterOutcome(destination: DestinationConfig, outcome: AttemptOutcome): Promise<void> {
    if (outcome.outcome === 'delivered') {
      // Only a destination known to be failing has a failing period to end.
      if ((await this.cachedState(destination.id)).failingSince === null) return;
      this.cached.delete(destination.id);
      return this.states.recordSuccess(destination.id);
    }
    if (outcome.gone) return this.disable(destination.id, `${destination.id} ${outcome.reason}`);
    if (outcome.outcome !== 'transient') return;
    const since = await this.states.recordFailure(destination.id);
    this.cached.delete(destination.id);
    if (Date.now() - since.getTime() >= parseDuration(destination.disableAfter))
      await this.disable(destination.id, `failing since ${since.toISOString()}`);
  }

  /** Enables the destination and publishes its parked tasks again, in the order they came. */
  async enable(destinationId: string): Promise<{ republished: number }> {
    const parked = await this.states.enable(destinationId);
    this.cached.delete(destinationId);
    for (const delivery of parked) {
      const task = DeliveryTask.parse(delivery.task);
      const headers = delivery.headers as unknown as StandardHeaders;
      await this.kafka.producer.publish(DeliveriesContract, task, headers);
    }
    this.logger.log(`${destinationId} enabled; ${parked.length} parked deliveries published again`);
    return { republished: parked.length };
  }

  private async disable(destinationId: string, why: string): Promise<void> {
    await this.states.disable(destinationId, why);
    this.cached.delete(destinationId);
    this.logger.warn(`${destinationId} disabled: ${why}`);
  }
}
