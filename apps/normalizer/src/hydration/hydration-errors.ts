import { PermanentError, TransientError } from '@hookline/kafka';

/** The provider's API refused an object for good (404, 401, 403, another 4xx): the record is dead-lettered. */
export class HydrationRefused extends PermanentError {
  override readonly name = 'HydrationRefused';
}

/** The provider's API could not be read after every retry, or its circuit is open: the record goes to its retry tier. */
export class HydrationUnavailable extends TransientError {
  override readonly name = 'HydrationUnavailable';
}
