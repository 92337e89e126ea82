import { type z } from 'zod';

/** One event a provider's request carries; HubSpot batches several in one request. */
export interface ProviderEvent {
  /** The provider's own type, e.g. `invoice.paid`, `pull_request.opened`, `orders/create`. */
  providerType: string;
  /** The provider's id for this event (or the object it is about), when it has one. */
  externalId: string | undefined;
  /** The part of the body this event is: the whole body, or one item of a batch. */
  payload: unknown;
}

/**
 * How one provider event type becomes a canonical event. `schema` covers the fields
 * Hookline reads (objects are loose: the provider may add fields); `subject`, `data` and
 * `externalId` read the parsed payload.
 */
export interface EventMapping<P = unknown> {
  providerType: string;
  /** The canonical type, or a function when one provider type means two things (a closed pull request that merged). */
  type: string | ((payload: P) => string);
  /** Every canonical type `type` can yield, for the contracts table and route validation. */
  types?: readonly string[];
  schema: z.ZodType<P>;
  /** The entity the event is about, e.g. `stripe:in_1`, `github:octo/app#12`. */
  subject(payload: P): string;
  /** The canonical event's `data`: the entity itself, not the provider's envelope around it. */
  data(payload: P): unknown;
  /** The external id for the idempotency key when the payload names a better one than the request. */
  externalId?(payload: P): string | undefined;
}

/** Declares a mapping with its payload type inferred from the schema. */
export function defineMapping<S extends z.ZodType>(
  mapping: EventMapping<z.output<S>> & { schema: S },
): EventMapping {
  return mapping as unknown as EventMapping;
}

/** Every canonical type a mapping can yield. */
export function canonicalTypesOf(mapping: EventMapping): readonly string[] {
  return typeof mapping.type === 'string' ? [mapping.type] : (mapping.types ?? []);
}

/**
 * A payload no longer fits its mapping (the provider changed its schema, or sent
 * something new under a known type): names the provider, the type and the field path.
 */
export class PayloadDriftError extends Error {
  override readonly name = 'PayloadDriftError';
  constructor(
    readonly provider: string,
    readonly providerType: string,
    readonly path: string,
    readonly problem: string,
  ) {
    super(
      `${provider} ${providerType} payload does not fit its mapping at ${path || '(root)'}: ${problem}`,
    );
  }
}
