import { type DeliveryTask } from '@hookline/contracts';
import { type DeliveryAttemptRow } from '@hookline/persistence';

/** What a timeline row says about one attempt, or about a task that needed none. */
export type AttemptFacts = Pick<DeliveryAttemptRow, 'outcome' | 'reason'> &
  Partial<Pick<DeliveryAttemptRow, 'status' | 'durationMs' | 'errorClass' | 'responseSnippet'>> & {
    startedAt?: Date;
  };

/** The `delivery_attempts` row for a task's attempt at its destination. */
export function attemptRow(
  task: DeliveryTask,
  attempt: number,
  webhookId: string,
  executor: string,
  facts: AttemptFacts,
): DeliveryAttemptRow {
  return {
    tenantId: task.tenantId,
    eventId: task.event.id,
    destinationId: task.destinationId,
    idempotencyKey: task.event.idempotencykey,
    deliveryId: task.deliveryId,
    webhookId,
    attempt,
    outcome: facts.outcome,
    status: facts.status ?? null,
    durationMs: facts.durationMs ?? 0,
    errorClass: facts.errorClass ?? null,
    reason: facts.reason,
    responseSnippet: facts.responseSnippet ?? null,
    executor,
    startedAt: facts.startedAt ?? new Date(),
  };
}
