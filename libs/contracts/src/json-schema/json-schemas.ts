import { z } from 'zod';
import { DeliveryTask } from '../records/delivery-task.js';
import { IntegrationEvent, IntegrationEventAttributes } from '../records/integration-event.js';
import { RawWebhookEnvelope } from '../records/raw-webhook.js';

/** Where the published JSON Schema files live, relative to the workspace root. */
export const JSON_SCHEMA_DIRECTORY = 'libs/contracts/schemas';

const BASE_ID = 'https://hookline.dev/schemas';

/** Each published record schema: its file name and the zod definition it is generated from. */
const PUBLISHED: readonly [file: string, title: string, schema: z.ZodType][] = [
  ['integration-event.v1.schema.json', 'IntegrationEvent', IntegrationEvent],
  ['raw-webhook-envelope.v1.schema.json', 'RawWebhookEnvelope', RawWebhookEnvelope],
  ['delivery-task.v1.schema.json', 'DeliveryTask', DeliveryTask],
];

/**
 * Leaves the IntegrationEvent's attributes open: a new optional attribute is a compatible
 * change within a version, so a consumer validating with an earlier file must still take
 * the event (Hookline itself drops attributes it does not know). Other records stay closed.
 */
export function openEventAttributes(context: {
  zodSchema: unknown;
  jsonSchema: { additionalProperties?: unknown };
}): void {
  if (context.zodSchema === IntegrationEventAttributes)
    delete context.jsonSchema.additionalProperties;
}

/**
 * The JSON Schema (draft 2020-12) files generated from the zod definitions, by file name,
 * as committed: what a consumer in another language validates records with. They
 * describe records as they travel (zod's output side: defaults applied).
 */
export function renderJsonSchemas(): Record<string, string> {
  return Object.fromEntries(
    PUBLISHED.map(([file, title, schema]) => {
      const generated = z.toJSONSchema(schema, {
        io: 'output',
        unrepresentable: 'any',
        override: openEventAttributes,
      });
      const document = { $id: `${BASE_ID}/${file}`, title, ...generated };
      return [file, `${JSON.stringify(document, null, 2)}\n`];
    }),
  );
}
