/** One accepted webhook as kept in the raw store. */
export interface RawWebhook {
  id: string;
  tenantId: string;
  sourceId: string;
  provider: string;
  dedupKey: string;
  receivedAt: Date;
  method: string;
  path: string;
  /** Kept request headers, lower-case names; signatures are never kept. */
  headers: Record<string, string>;
  contentType: string;
  body: Buffer;
  bodySha256: string;
  correlationId: string;
  traceparent: string | null;
}

export type AcceptOutcome = { stored: true; id: string } | { stored: false; duplicateOf: string };
