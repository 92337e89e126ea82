/** One object a thin webhook names, to be read from the provider's API. */
export interface HydrationFetch {
  /** Path and query under the API's base URL, e.g. `/crm/v3/objects/contacts/123`. */
  path: string;
  /** Provider headers besides the source's bearer token (Stripe's `Stripe-Context`). */
  headers?: Record<string, string>;
  /** What is fetched, for people: `contact 123`, `billing.meter mtr_1`. */
  object: string;
}

/**
 * How a provider's thin webhooks become full ones: which objects to read from the
 * provider's API (`GET apiBaseUrl + path` with the source's token) and how the answers
 * are merged into the body before it is normalised. Pure, like the adapter: the
 * normalizer makes the requests, with its own retries, timeout and rate limit.
 */
export interface Hydrator {
  /** The provider API's base URL, unless the source's `hydrate.apiBaseUrl` names another. */
  readonly apiBaseUrl: string;
  /** The objects a body names, each once; none when it already carries them. */
  fetchesFor(body: unknown): HydrationFetch[];
  /** The body with each fetched object (keyed by its fetch's `path`) merged in. */
  merge(body: unknown, fetched: ReadonlyMap<string, unknown>): unknown;
}

/** Fetches with distinct paths, first occurrence kept: a batch may name one object twice. */
export function uniqueFetches(fetches: (HydrationFetch | undefined)[]): HydrationFetch[] {
  const byPath = new Map<string, HydrationFetch>();
  for (const fetch of fetches) if (fetch && !byPath.has(fetch.path)) byPath.set(fetch.path, fetch);
  return [...byPath.values()];
}
