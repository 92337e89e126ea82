import { type DestinationConfig } from '@hookline/config';
import { type DeliveryTask } from '@hookline/contracts';
import { type AttemptOutcome } from './delivery-outcome.js';
import { type EgressPolicy } from './egress/egress-policy.js';

/** One attempt to deliver one task to one destination. */
export interface DeliveryAttempt {
  destination: DestinationConfig;
  task: DeliveryTask;
  /**
   * `webhook-id`: the id of the first delivery that claimed this effect, the same on
   * every retry and redelivery, so the receiver can recognise a repeat.
   */
  webhookId: string;
  /** `Idempotency-Key`: the event's idempotency key. */
  idempotencyKey: string;
  /** W3C trace context of the attempt's span. */
  trace: { traceparent?: string; tracestate?: string };
  now: Date;
}

/** What every destination kind gets from the executor. */
export interface DestinationDependencies {
  egress: EgressPolicy;
}

/** One destination kind (`http`, …): how an attempt is made and what its answer means. */
export interface DestinationKind {
  readonly kind: DestinationConfig['kind'];
  deliver(attempt: DeliveryAttempt): Promise<AttemptOutcome>;
  /** Releases connections and other resources. */
  close(): Promise<void>;
}

export type DestinationKindFactory = (dependencies: DestinationDependencies) => DestinationKind;
