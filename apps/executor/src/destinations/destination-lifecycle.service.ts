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
@Injectable()
export class DestinationLifecycle {
  private readonly logger = new Logger(DestinationLifecycle.name);

  constructor(
    @Inject(DESTINATION_STATES) private readonly states: DestinationStateRepository,
    private readonly kafka: KafkaConnection,
    private readonly metrics: ExecutorMetrics,
  ) {}

  state(destinationId: string): Promise<DestinationState> {
    return this.states.state(destinationId);
  }

  /** Parks the task when its destination is disabled; true when it did. */
  async parkIfDisabled(task: DeliveryTask, headers: Partial<StandardHeaders>): Promise<boolean> {
    const state = await this.states.state(task.destinationId);
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
    if (outcome.outcome === 'delivered') return this.states.recordSuccess(destination.id);
    if (outcome.gone) return this.disable(destination.id, `${destination.id} ${outcome.reason}`);
    if (outcome.outcome !== 'transient' || !destination.disableAfter) return;
    const since = await this.states.recordFailure(destination.id);
    if (Date.now() - since.getTime() >= parseDuration(destination.disableAfter))
      await this.disable(destination.id, `failing since ${since.toISOString()}`);
  }

  /** Enables the destination and publishes its parked tasks again, in the order they came. */
  async enable(destinationId: string): Promise<{ republished: number }> {
    const parked = await this.states.enable(destinationId);
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
    this.logger.warn(`${destinationId} disabled: ${why}`);
  }
}
