/**
 * What one attempt at a destination came to. Kinds never throw for what the destination
 * did: they answer an outcome, and the executor decides retry, dead letter or disable.
 */
export type OutcomeClass = 'delivered' | 'transient' | 'permanent';

export interface AttemptOutcome {
  outcome: OutcomeClass;
  /** A short, human-readable reason: `answered 503`, `timed out after 2s`. */
  reason: string;
  /** The HTTP status, when there was a response. */
  status?: number;
  /** What kind of failure: `HttpStatus`, `Timeout`, `ConnectionError`, `EgressRefused`… */
  errorClass?: string;
  /** The start of the response body, bounded (see `MAX_SNIPPET_BYTES`). */
  responseSnippet?: string;
  /** Earliest time a retry makes sense (from `Retry-After`), epoch ms. */
  retryAfter?: number;
  /** The destination said it is gone for good (410): disable it. */
  gone?: boolean;
}

/** How much of a response body an attempt keeps (and reads at most). */
export const MAX_SNIPPET_BYTES = 2_048;

/**
 * Outcome classes for HTTP statuses: 2xx delivered; 408, 425, 429 and 5xx transient
 * (the receiver may take it later); 3xx (redirects are never followed) and other 4xx
 * permanent; 410 permanent and the destination gone.
 */
export function classifyStatus(status: number): Pick<AttemptOutcome, 'outcome' | 'gone'> {
  if (status >= 200 && status < 300) return { outcome: 'delivered' };
  if (status === 408 || status === 425 || status === 429 || status >= 500)
    return { outcome: 'transient' };
  if (status === 410) return { outcome: 'permanent', gone: true };
  return { outcome: 'permanent' };
}

/** `Retry-After` as seconds or an HTTP date, as epoch ms; undefined when absent or unreadable. */
export function retryAfter(header: string | null | undefined, now: Date): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return now.getTime() + seconds * 1_000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : date;
}
