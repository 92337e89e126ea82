import { z } from 'zod';
import { Duration } from './primitives.js';

/** Integration tiers: 1 is the most critical. A destination without `tier` is tier 2. */
export const SLO_TIERS = ['1', '2', '3'] as const;
export type SloTier = (typeof SLO_TIERS)[number];
export const DEFAULT_DESTINATION_TIER = 2;

/**
 * Each tier's objective: the share of deliveries (in percent) that succeed within
 * `latency` of the webhook's receipt at ingest.
 */
export const DEFAULT_SLO_TIERS: Record<SloTier, { objective: number; latency: string }> = {
  '1': { objective: 99.99, latency: '30s' },
  '2': { objective: 99.9, latency: '60s' },
  '3': { objective: 99, latency: '5m' },
};

/** A destination's (or route's) tier: 1, 2 or 3. */
export const IntegrationTier = z
  .number({ error: 'expected tier 1, 2 or 3' })
  .int({ error: 'expected tier 1, 2 or 3' })
  .min(1, { error: 'expected tier 1, 2 or 3' })
  .max(3, { error: 'expected tier 1, 2 or 3' });

const tierObjective = (tier: SloTier) =>
  z
    .strictObject({
      /** Percent of deliveries that must be good, above 0 and below 100. */
      objective: z
        .number()
        .gt(0, { error: 'expected a percentage above 0 and below 100' })
        .lt(100, { error: 'expected a percentage above 0 and below 100' })
        .default(DEFAULT_SLO_TIERS[tier].objective),
      /** From the webhook's receipt to the destination's 2xx; later counts as bad. */
      latency: Duration.default(DEFAULT_SLO_TIERS[tier].latency),
    })
    .prefault({});

/** `slo`: overrides of each tier's objective and latency budget (the defaults above otherwise). */
export const Slo = z.strictObject({
  tiers: z
    .strictObject({ '1': tierObjective('1'), '2': tierObjective('2'), '3': tierObjective('3') })
    .prefault({}),
});
