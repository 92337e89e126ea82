import { z } from 'zod';
import { ConfigId } from './primitives.js';
import { filterError } from './route-filter.js';
import { transformError } from './route-transform.js';
import { IntegrationTier } from './slo.js';

/** Which events of a tenant go to which destination. */
export const Route = z.strictObject({
  id: ConfigId,
  /** Event types; `*` matches any run of characters (`billing.*`). */
  eventTypes: z
    .array(
      z
        .string()
        .regex(
          /^[A-Za-z0-9_.:/*-]+$/,
          'expected an event type or glob such as billing.* (letters, digits, ".", "_", ":", "/", "-", "*")',
        ),
    )
    .min(1, 'expected at least one event type'),
  /** A filtrex expression on event fields (see route-filter.ts), compiled when the file loads. */
  filter: z
    .string()
    .trim()
    .min(1, 'expected a non-empty expression')
    .superRefine((expression, ctx) => {
      const error = expression ? filterError(expression) : undefined;
      if (error) ctx.addIssue({ code: 'custom', message: error, input: expression });
    })
    .optional(),
  /** The id of a destination of the same tenant. */
  destination: ConfigId,
  /**
   * A JSONata expression over the canonical event whose result the destination receives
   * instead of the event; compiled when the file loads. Time, depth and size limited.
   */
  transform: z
    .string()
    .trim()
    .min(1, 'expected a non-empty JSONata expression')
    .superRefine((expression, ctx) => {
      const error = expression ? transformError(expression) : undefined;
      if (error) ctx.addIssue({ code: 'custom', message: error, input: expression });
    })
    .optional(),
  /** The tier of this route's deliveries when it differs from its destination's. */
  tier: IntegrationTier.optional(),
});
