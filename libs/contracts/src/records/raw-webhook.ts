import { z } from 'zod';

/** A body kept elsewhere (the raw store) because it is too large for a Kafka record. */
export const ClaimCheck = z.object({
  store: z.literal('postgres'),
  rawEventId: z.string().min(1),
  sizeBytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/** What ingest publishes for every accepted webhook (`hookline.ingested.v1`, key: `<tenant>:<subject>`, else `<source>:<dedup key>`). */
export const RawWebhookEnvelope = z.object({
  rawEventId: z.string().min(1),
  tenantId: z.string().min(1),
  sourceId: z.string().min(1),
  provider: z.string().min(1),
  receivedAt: z.iso.datetime(),
  dedupKey: z.string().min(1),
  /** Request headers ingest keeps (lower-cased names), signatures excluded. */
  headers: z.record(z.string(), z.string()),
  contentType: z.string(),
  /** Body as base64 (byte-exact), or a claim check when large. */
  body: z.union([z.object({ base64: z.string() }), z.object({ claimCheck: ClaimCheck })]),
});
export type RawWebhookEnvelope = z.infer<typeof RawWebhookEnvelope>;
