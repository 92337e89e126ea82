import { type AttemptOutcome } from '../delivery-outcome.js';
import {
  type DeliveryAttempt,
  type DestinationDependencies,
  type DestinationKind,
  destinationOfKind,
} from '../destination-kind.js';
import { signRequest } from './sign-request.js';

/**
 * `http`: POSTs the canonical event as JSON, signed per Standard Webhooks, with
 * `Idempotency-Key`, `traceparent` and the destination's own headers (see `HttpClient`
 * for pools, timeout, redirects and the bounded read).
 */
export function httpKind({ http }: DestinationDependencies): DestinationKind {
  return {
    kind: 'http',
    async deliver(attempt: DeliveryAttempt): Promise<AttemptOutcome> {
      const destination = destinationOfKind(attempt, 'http');
      // The route's transform of the event when it has one, else the canonical event.
      const body = JSON.stringify(attempt.task.payload ?? attempt.task.event);
      return http.post(
        destination,
        destination.url,
        {
          ...destination.headers,
          'user-agent': 'Hookline',
          'content-type': 'application/json',
          ...signRequest(destination, attempt.webhookId, attempt.now, body),
          'idempotency-key': attempt.idempotencyKey,
          ...(attempt.trace.traceparent ? { traceparent: attempt.trace.traceparent } : {}),
          ...(attempt.trace.tracestate ? { tracestate: attempt.trace.tracestate } : {}),
        },
        body,
        attempt.now,
      );
    },
    close: async () => {},
  };
}
