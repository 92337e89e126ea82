import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { DeliveriesContract, type DeliveryTask } from '@hookline/contracts';
import { PermanentError, type RecordContext } from '@hookline/kafka';
import { ServiceMetrics } from '@hookline/observability';
import { HooklineConfigService } from '@hookline/runtime';
import { deliverHttp } from './http-delivery.js';

/** `hookline.deliveries.v1` (and its retry tiers): one HTTP delivery per task. */
@Controller()
export class DeliveriesHandler {
  private readonly attempts;

  constructor(
    private readonly config: HooklineConfigService,
    metrics: ServiceMetrics,
  ) {
    this.attempts = metrics.counter(
      'hookline_executor_delivery_attempts_total',
      'Delivery attempts by destination and result',
      ['destination', 'result'],
    );
  }

  @EventPattern(DeliveriesContract)
  async deliver(@Payload() task: DeliveryTask, @Ctx() context: RecordContext): Promise<void> {
    const destination = this.config.current.tenants
      .find((tenant) => tenant.id === task.tenantId)
      ?.destinations.find((candidate) => candidate.id === task.destinationId);
    if (!destination)
      throw new PermanentError(
        `destination ${task.destinationId} of tenant ${task.tenantId} is not configured`,
      );
    // The destination's own tiers decide when (and how often) a failed delivery is retried.
    context.useRetrySchedule(destination.retryTiers);
    try {
      const status = await deliverHttp(
        destination,
        task,
        context.headers.traceparent ? { traceparent: context.headers.traceparent } : {},
      );
      this.attempts.inc({ destination: destination.id, result: String(status) });
    } catch (error) {
      this.attempts.inc({
        destination: destination.id,
        result: error instanceof PermanentError ? 'permanent' : 'transient',
      });
      throw error;
    }
  }
}
