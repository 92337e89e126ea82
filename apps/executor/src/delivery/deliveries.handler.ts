import { Injectable } from '@nestjs/common';
import { DeliveriesContract, type DeliveryTask } from '@hookline/contracts';
import { HandleTopic, type RecordContext } from '@hookline/kafka';
import { DeliveryExecutor } from './delivery-executor.service.js';

/** `hookline.deliveries.v1` (and its retry tiers): one delivery per task. */
@Injectable()
export class DeliveriesHandler {
  constructor(private readonly executor: DeliveryExecutor) {}

  @HandleTopic(DeliveriesContract)
  async deliver(task: DeliveryTask, context: RecordContext): Promise<void> {
    await this.executor.deliver(task, {
      attempt: context.attempt,
      headers: context.headers,
      trace: {
        ...(context.headers.traceparent ? { traceparent: context.headers.traceparent } : {}),
        ...(context.headers.tracestate ? { tracestate: context.headers.tracestate } : {}),
      },
      useRetrySchedule: (delays) => context.useRetrySchedule(delays),
    });
  }
}
