import { z } from 'zod';

/**
 * The canonical event (`hookline.events.v1`, key: tenant + subject), aligned with
 * CloudEvents 1.0 attributes plus Hookline's own.
 */
export const IntegrationEvent = z.object({
  id: z.string().min(1),
  source: z.string().min(1),
  specversion: z.literal('1.0'),
  type: z.string().min(1),
  subject: z.string().min(1),
  time: z.iso.datetime(),
  datacontenttype: z.string().default('application/json'),
  data: z.unknown(),
  tenantId: z.string().min(1),
  provider: z.string().min(1),
  providerEventId: z.string().min(1),
  idempotencyKey: z.string().min(1),
  rawEventId: z.string().min(1),
  schemaVersion: z.literal(1),
  receivedAt: z.iso.datetime(),
});
export type IntegrationEvent = z.infer<typeof IntegrationEvent>;
