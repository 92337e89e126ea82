import { Injectable } from '@nestjs/common';
import { type DeliveryTask } from '@hookline/contracts';
import { eventEntry, occurredAt, TimelineWriter } from '@hookline/runtime';
import { type AttemptFacts } from './attempt-row.js';
import { type TaskContext } from './delivery-executor.service.js';

/**
 * The executor's timeline entries: each `attempt` (status, error class, duration), then
 * `delivered` or, when retrying cannot help, `failed`; `skipped` for a task that needed
 * no request (its effect was done already, or it is stale).
 */
@Injectable()
export class DeliveryTimeline {
  constructor(private readonly writer: TimelineWriter) {}

  attempted(
    task: DeliveryTask,
    context: TaskContext,
    webhookId: string,
    facts: AttemptFacts & { outcome: string; retryable: boolean },
  ): void {
    if (!this.writer.enabled) return;
    const transition = this.transition(task, context);
    const attempt = eventEntry(task.event, {
      ...transition,
      state: 'attempt',
      detail: {
        attempt: context.attempt,
        outcome: facts.outcome,
        status: facts.status ?? null,
        errorClass: facts.errorClass ?? null,
        durationMs: facts.durationMs ?? 0,
        reason: shortReason(facts.reason),
        deliveryId: task.deliveryId,
        webhookId,
      },
    });
    if (facts.outcome === 'delivered')
      return this.writer.record(
        attempt,
        eventEntry(task.event, {
          ...transition,
          state: 'delivered',
          detail: { attempts: context.attempt, status: facts.status ?? null, webhookId },
        }),
      );
    if (facts.retryable) return this.writer.record(attempt);
    this.writer.record(attempt, this.failedEntry(task, context, facts.reason));
  }

  /** Retries are used up, or the destination refused for good. */
  failed(task: DeliveryTask, context: TaskContext, reason: string): void {
    if (this.writer.enabled) this.writer.record(this.failedEntry(task, context, reason));
  }

  skipped(task: DeliveryTask, context: TaskContext, reason: 'already-delivered' | 'stale'): void {
    if (!this.writer.enabled) return;
    this.writer.record(
      eventEntry(task.event, {
        ...this.transition(task, context),
        state: 'skipped',
        detail: { reason, deliveryId: task.deliveryId },
      }),
    );
  }

  private failedEntry(task: DeliveryTask, context: TaskContext, reason: string) {
    return eventEntry(task.event, {
      ...this.transition(task, context),
      state: 'failed',
      detail: {
        reason: shortReason(reason),
        attempts: context.attempt,
        deliveryId: task.deliveryId,
      },
    });
  }

  private transition(task: DeliveryTask, context: TaskContext) {
    return {
      stage: 'executor',
      occurredAt: occurredAt(context.timestamp),
      correlationId: context.headers.correlationId,
      destinationId: task.destinationId,
    } as const;
  }
}

/** Longest reason kept beside an event: a network error's or a broker's message can run on. */
export const MAX_TIMELINE_REASON = 200;

/** The reason as one short line a human reads in the timeline. */
export function shortReason(reason: string): string {
  const line = reason.replace(/\s+/g, ' ').trim();
  return line.length <= MAX_TIMELINE_REASON ? line : `${line.slice(0, MAX_TIMELINE_REASON - 1)}…`;
}
