import { z } from 'zod';
import { type EventMapping, defineMapping } from '../canonical/event-mapping.js';

const OBJECT_TYPES = ['contact', 'company', 'deal'] as const;
type HubSpotObjectType = (typeof OBJECT_TYPES)[number];

/** The fields of one item of HubSpot's webhook batch that every subscription type carries. */
const Item = z.looseObject({
  eventId: z.number().int(),
  subscriptionId: z.number().int(),
  portalId: z.number().int(),
  occurredAt: z.number().int(),
  subscriptionType: z.string(),
  objectId: z.number().int(),
});
const PropertyChange = Item.extend({ propertyName: z.string().min(1), propertyValue: z.string() });
const Merge = Item.extend({
  primaryObjectId: z.number().int(),
  mergedObjectIds: z.array(z.number().int()).min(1),
});

const ACTIONS: [action: string, canonical: string, schema: z.ZodType<z.output<typeof Item>>][] = [
  ['creation', 'created', Item],
  ['propertyChange', 'property_changed', PropertyChange],
  ['deletion', 'deleted', Item],
  ['merge', 'merged', Merge],
];

const subjectOf = (objectType: HubSpotObjectType, item: { portalId: number; objectId: number }) =>
  `hubspot:${item.portalId}/${objectType}/${item.objectId}`;

/** HubSpot: one item of a batch; the subject is the portal's object (`hubspot:62515/contact/123`). */
export const hubspotMappings: readonly EventMapping[] = OBJECT_TYPES.flatMap((objectType) =>
  ACTIONS.map(([action, canonical, schema]) =>
    defineMapping({
      providerType: `${objectType}.${action}`,
      type: `crm.${objectType}.${canonical}`,
      schema,
      subject: (item) => subjectOf(objectType, item),
      data: (item) => item,
      externalId: (item) => String(item.eventId),
    }),
  ),
);
