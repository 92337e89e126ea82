/**
 * The pipeline's main topics. This file is the only place a topic name is spelled;
 * retry tiers and dead-letter topics derive from these.
 */
export const Topics = {
  /** Raw webhook envelopes as accepted by ingest. Key: tenant + subject, else source + dedup key. */
  ingested: 'hookline.ingested.v1',
  /** Canonical IntegrationEvents. Key: tenant + subject. */
  events: 'hookline.events.v1',
  /** Delivery tasks, one per (event, destination). Key: destination + subject. */
  deliveries: 'hookline.deliveries.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

/**
 * Applies a deployment-wide prefix (empty in production). Tests use it to give each
 * test file topics of its own on a shared broker.
 */
export function prefixedTopic(prefix: string, topic: string): string {
  return prefix ? `${prefix}.${topic}` : topic;
}
