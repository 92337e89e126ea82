import { type DestinationConfig } from '@hookline/config';
import { type DeliveryTask } from '@hookline/contracts';
import { type AttemptOutcome } from './delivery-outcome.js';
import { type HttpClient } from './http/http-client.js';

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

/** A record for the `kafka` kind, sent as given (no topic prefix). */
export interface DownstreamRecord {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** What every destination kind gets from the executor. */
export interface DestinationDependencies {
  /** POSTs through per-destination keep-alive pools, within the egress policy. */
  http: HttpClient;
  /** Sends a record to Kafka; resolves once the broker has it. */
  publish(record: DownstreamRecord): Promise<unknown>;
}

/** The attempt's destination as the kind it must be (the registry routes by kind). */
export function destinationOfKind<K extends DestinationConfig['kind']>(
  attempt: DeliveryAttempt,
  kind: K,
): Extract<DestinationConfig, { kind: K }> {
  if (attempt.destination.kind !== kind)
    throw new Error(`a ${attempt.destination.kind} destination was given to the ${kind} kind`);
  return attempt.destination as Extract<DestinationConfig, { kind: K }>;
}

/** One destination kind (`http`, …): how an attempt is made and what its answer means. */
export interface DestinationKind {
  readonly kind: DestinationConfig['kind'];
  deliver(attempt: DeliveryAttempt): Promise<AttemptOutcome>;
  /** Releases connections and other resources. */
  close(): Promise<void>;
}

export type DestinationKindFactory = (dependencies: DestinationDependencies) => DestinationKind;
