import { PermanentError, TransientError } from '@hookline/kafka';

// What the executor throws to the consumer runtime: the class decides retry tier or
// dead-letter topic, and its name is the dead letter's error class.

/** The destination failed in a way that may pass (5xx, 429, timeout, connection error). */
export class DeliveryFailed extends TransientError {
  override readonly name = 'DeliveryFailed';
}

/** The destination refused the delivery for good (3xx, 4xx): retrying cannot fix it. */
export class DeliveryRejected extends PermanentError {
  override readonly name: string = 'DeliveryRejected';
}

/** The destination answered 410 Gone: refused, and the destination is disabled. */
export class DestinationGone extends DeliveryRejected {
  override readonly name = 'DestinationGone';
}

/** The destination's address is not one deliveries may reach (see `egress.allow`). */
export class EgressRefused extends PermanentError {
  override readonly name = 'EgressRefused';
}

/** The destination's circuit is open: the attempt waits in a retry tier instead. */
export class CircuitOpen extends TransientError {
  override readonly name = 'CircuitOpen';
}

/** Over the destination's rate or concurrency limit: the attempt waits in a retry tier. */
export class DestinationBusy extends TransientError {
  override readonly name = 'DestinationBusy';
}

/** Another executor holds this delivery's claim: it is retried once the lease ends. */
export class DeliveryInProgress extends TransientError {
  override readonly name = 'DeliveryInProgress';
}

/** No such destination in the configuration. */
export class UnknownDestination extends PermanentError {
  override readonly name = 'UnknownDestination';
}
