import { PermanentError } from '@hookline/kafka';
import { type PayloadDriftError } from '@hookline/providers';

/**
 * A raw webhook with at least one event whose payload no longer fits its mapping: retrying
 * cannot fix it, so it goes to the dead-letter topic with every drift named.
 */
export class PayloadDrift extends PermanentError {
  override readonly name = 'PayloadDrift';
  constructor(readonly drifts: readonly PayloadDriftError[]) {
    super(drifts.map((drift) => drift.message).join('; '));
  }
}
