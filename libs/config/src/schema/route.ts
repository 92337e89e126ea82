import { z } from 'zod';
import { ConfigId } from './primitives.js';

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
  /** An expression on event fields; stored as written (its syntax is checked by the router). */
  filter: z.string().trim().min(1, 'expected a non-empty expression').optional(),
  /** The id of a destination of the same tenant. */
  destination: ConfigId,
  transform: z.string().trim().min(1, 'expected a non-empty transform').optional(),
});
