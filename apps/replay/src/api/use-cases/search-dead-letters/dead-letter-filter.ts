import { z } from 'zod';
import { type DeadLetterFilter } from '@hookline/persistence';
import { type OperatorPrincipal } from '../../auth/operator-principal.js';
import { checkTimeRange, QueryText, QueryTime } from '../../http/query-fields.js';

/**
 * The dead-letter filters, as the listing, the summary and replay jobs take them
 * (`topic` with or without the deployment's prefix).
 */
export const DeadLetterFilterFields = z.object({
  tenant: QueryText.optional(),
  stage: QueryText.optional(),
  errorClass: QueryText.optional(),
  destination: QueryText.optional(),
  topic: QueryText.optional(),
  from: QueryTime.optional(),
  to: QueryTime.optional(),
});
export type DeadLetterFilterFields = z.output<typeof DeadLetterFilterFields>;

export { checkTimeRange };

/** The store's filter for a caller: their tenants (403 for a `tenant` outside them). */
export function toDeadLetterFilter(
  principal: OperatorPrincipal,
  fields: DeadLetterFilterFields,
  topicPrefix: string,
): DeadLetterFilter {
  return {
    tenantIds: principal.scope(fields.tenant),
    ...(fields.stage ? { stage: fields.stage } : {}),
    ...(fields.errorClass ? { errorClass: fields.errorClass } : {}),
    ...(fields.destination ? { destinationId: fields.destination } : {}),
    ...(fields.topic
      ? { topics: topicPrefix ? [fields.topic, `${topicPrefix}.${fields.topic}`] : [fields.topic] }
      : {}),
    ...(fields.from ? { from: fields.from } : {}),
    ...(fields.to ? { to: fields.to } : {}),
  };
}
