import { z } from 'zod';
import { type EventMapping, defineMapping } from '../canonical/event-mapping.js';

/** Paddle's notification envelope: `{ event_id, event_type, occurred_at, data }`. */
const notification = <D extends z.ZodType>(data: D) =>
  z.looseObject({
    event_id: z.string().min(1),
    event_type: z.string(),
    occurred_at: z.string(),
    data,
  });

const Transaction = z.looseObject({
  id: z.string().startsWith('txn_'),
  status: z.string(),
  customer_id: z.string().nullable(),
  currency_code: z.string().length(3),
  details: z.looseObject({ totals: z.looseObject({ total: z.string() }) }),
});
const Subscription = z.looseObject({
  id: z.string().startsWith('sub_'),
  status: z.string(),
  customer_id: z.string(),
  currency_code: z.string().length(3),
});
const Customer = z.looseObject({ id: z.string().startsWith('ctm_'), email: z.string() });

const TABLE: [providerType: string, type: string, data: z.ZodType<{ id: string }>][] = [
  ['transaction.completed', 'payment.transaction.completed', Transaction],
  ['transaction.payment_failed', 'payment.transaction.failed', Transaction],
  ['subscription.created', 'billing.subscription.created', Subscription],
  ['subscription.updated', 'billing.subscription.updated', Subscription],
  ['subscription.canceled', 'billing.subscription.canceled', Subscription],
  ['customer.created', 'billing.customer.created', Customer],
];

/** Paddle: the subject is the entity's id (`txn_…`, `sub_…`, `ctm_…`), the data the entity. */
export const paddleMappings: readonly EventMapping[] = TABLE.map(([providerType, type, data]) =>
  defineMapping({
    providerType,
    type,
    schema: notification(data),
    subject: (body) => `paddle:${body.data.id}`,
    data: (body) => body.data,
    externalId: (body) => body.event_id,
  }),
);
