import { type AttemptOutcome } from '../delivery-outcome.js';
import {
  type DeliveryAttempt,
  type DestinationDependencies,
  type DestinationKind,
  destinationOfKind,
} from '../destination-kind.js';
import { renderTemplate } from './message-template.js';

/**
 * `slack`: a message to a Slack incoming-webhook URL, its text from the destination's
 * template. Slack answers 200 `ok`, 4xx for a bad payload or a revoked hook (permanent;
 * 410 when the channel is gone) and 429/5xx when it cannot take it now.
 */
export function slackKind({ http }: DestinationDependencies): DestinationKind {
  return {
    kind: 'slack',
    async deliver(attempt: DeliveryAttempt): Promise<AttemptOutcome> {
      const destination = destinationOfKind(attempt, 'slack');
      const body = JSON.stringify({
        text: renderTemplate(destination.template, attempt.task.event),
      });
      return http.post(
        destination,
        destination.url,
        { 'content-type': 'application/json', 'user-agent': 'Hookline' },
        body,
        attempt.now,
      );
    },
    close: async () => {},
  };
}
