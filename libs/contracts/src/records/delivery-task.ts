import { z } from 'zod';
import { IntegrationEvent } from './integration-event.js';

/** One event for one destination (`hookline.deliveries.v1`, key: destination + subject). */
export const DeliveryTask = z.object({
  deliveryId: z.string().min(1),
  tenantId: z.string().min(1),
  destinationId: z.string().min(1),
  routeId: z.string().min(1),
  event: IntegrationEvent,
  /** Deliver even when the ledger says this effect happened already (an operator's forced replay). */
  force: z.boolean().optional(),
  /** The route's transform of the event, delivered instead of it; absent when the route has none. */
  payload: z.unknown().optional(),
});
export type DeliveryTask = z.infer<typeof DeliveryTask>;
