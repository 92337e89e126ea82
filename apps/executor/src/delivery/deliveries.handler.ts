import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { DeliveriesContract, type DeliveryTask } from '@hookline/contracts';
import { type RecordContext } from '@hookline/kafka';
import { withLogContext } from '@hookline/observability';
import { DeliveryExecutor } from './delivery-executor.service.js';

/** `hookline.deliveries.v1` (and its retry tiers): one delivery per task. */
@Controller()
export class DeliveriesHandler {
  constructor(private readonly executor: DeliveryExecutor) {}

  @EventPattern(DeliveriesContract)
  async deliver(@Payload() task: DeliveryTask, @Ctx() context: RecordContext): Promise<void> {
    const fields = { eventId: task.event.id, destination: task.destinationId };
    await withLogContext(fields, () => this.run(task, context));
  }

  private run(task: DeliveryTask, context: RecordContext): Promise<void> {
    return this.executor.deliver(task, {
      attempt: context.attempt,
      headers: context.headers,
      ...(context.timestamp ? { timestamp: context.timestamp } : {}),
      trace: {
        ...(context.headers.traceparent ? { traceparent: context.headers.traceparent } : {}),
        ...(context.headers.tracestate ? { tracestate: context.headers.tracestate } : {}),
      },
      useRetrySchedule: (delays) => context.useRetrySchedule(delays),
      replayed: context.replay !== undefined,
      ...(context.replay?.forceId ? { forceId: context.replay.forceId } : {}),
    });
  }
}
