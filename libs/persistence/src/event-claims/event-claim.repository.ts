/** A canonical event about to be published, named by its idempotency key. */
export interface EventClaim {
  tenantId: string;
  idempotencyKey: string;
  eventId: string;
  rawEventId: string;
}

/**
 * Claims idempotency keys. `claim` answers, per claim and in order, whether the event is
 * new (`claimed`: publish it) or an event already claimed by another raw webhook
 * (`duplicate`: drop it). Claiming again from the same raw webhook (a redelivered
 * record) answers `claimed`, so an event whose publication failed is published on retry.
 */
export interface EventClaimRepository {
  claim(claims: readonly EventClaim[]): Promise<('claimed' | 'duplicate')[]>;
}

/** Nest injection token of the EventClaimRepository. */
export const EVENT_CLAIM_REPOSITORY = Symbol('EventClaimRepository');
