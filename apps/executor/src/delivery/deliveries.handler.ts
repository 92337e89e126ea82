import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { DeliveriesContract, type DeliveryTask } from '@hookline/contracts';
import { type RecordContext } from '@hookline/kafka';
import { DeliveryExecutor } from './delivery-executor.service.js';

/** `hookline.deliveries.v1` (and its retry tiers): one delivery per task. */
@Controller()
export class DeliveriesHandler {
  constructor(private readonly executor: DeliveryExecutor) {}

  @EventPattern(DeliveriesContract)
  async deliver(@Payload() task: DeliveryTask, @Ctx() context: RecordContext): Promise<void> {
    await this.executor.deliver(task, {
      attempt: context.attempt,
      headers: context.headers,
      ...(context.timestamp ? { timestamp: context.timestamp } : {}),
      trace: {
        ...(context.headers.traceparent ? { traceparent: context.headers.traceparent } : {}),
        ...(context.headers.tracestate ? { tracestate: context.headers.tracestate } : {}),
      },
      useRetrySchedule: (delays) => context.useRetrySchedule(delays),
    });
  }
}
