import { type AttemptOutcome } from '../delivery-outcome.js';
import {
  type DeliveryAttempt,
  type DestinationDependencies,
  type DestinationKind,
  destinationOfKind,
} from '../destination-kind.js';

/**
 * `kafka`: the canonical event as JSON on the destination's topic, keyed by the event's
 * subject (one subject's events in order), with the `idempotency-key`, `webhook-id`
 * and `traceparent` headers an HTTP destination would get. Delivered once the broker
 * has it (acks from all in-sync replicas); a failure to send is transient.
 */
export function kafkaKind({ publish }: DestinationDependencies): DestinationKind {
  return {
    kind: 'kafka',
    async deliver(attempt: DeliveryAttempt): Promise<AttemptOutcome> {
      const destination = destinationOfKind(attempt, 'kafka');
      try {
        await publish({
          topic: destination.topic,
          key: attempt.task.event.subject,
          value: JSON.stringify(attempt.task.payload ?? attempt.task.event),
          headers: {
            'idempotency-key': attempt.idempotencyKey,
            'webhook-id': attempt.webhookId,
            ...(attempt.trace.traceparent ? { traceparent: attempt.trace.traceparent } : {}),
          },
        });
        return { outcome: 'delivered', reason: `written to ${destination.topic}` };
      } catch (error) {
        return {
          outcome: 'transient',
          errorClass: 'KafkaSendFailed',
          reason: `could not write to ${destination.topic}: ${error instanceof Error ? error.message : String(error)}`,
        };
      }
    },
    close: async () => {},
  };
}
