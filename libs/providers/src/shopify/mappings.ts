import { z } from 'zod';
import { type EventMapping, defineMapping } from '../canonical/event-mapping.js';

// Not `.int()`: zod's int stops at 2^53, and an id beyond it must not count as drift.
const id = z.number().positive();
const money = z.string().regex(/^-?\d+(\.\d+)?$/);

const Order = z.looseObject({
  id,
  name: z.string(),
  currency: z.string().length(3),
  total_price: money,
  financial_status: z.string().nullable(),
  line_items: z.array(z.looseObject({ id, quantity: z.number().int(), price: money })),
});
const OrderDeleted = z.looseObject({ id });
const Customer = z.looseObject({ id, email: z.string().nullable().optional() });
const Product = z.looseObject({ id, title: z.string(), variants: z.array(z.looseObject({ id })) });
const Deleted = z.looseObject({ id });
const Refund = z.looseObject({
  id,
  order_id: id,
  refund_line_items: z.array(z.looseObject({ id })),
});
const Fulfillment = z.looseObject({ id, order_id: id, status: z.string() });

type Table = [
  topic: string,
  type: string,
  schema: z.ZodType<Record<string, unknown> & { id: number }>,
  subject: (body: { id: number; order_id?: number }) => string,
][];

const order = (body: { id: number }) => `shopify:order/${body.id}`;
const ofOrder = (body: { order_id?: number }) => `shopify:order/${body.order_id}`;
const customer = (body: { id: number }) => `shopify:customer/${body.id}`;
const product = (body: { id: number }) => `shopify:product/${body.id}`;

const TABLE: Table = [
  ['orders/create', 'commerce.order.created', Order, order],
  ['orders/updated', 'commerce.order.updated', Order, order],
  ['orders/paid', 'commerce.order.paid', Order, order],
  ['orders/cancelled', 'commerce.order.cancelled', Order, order],
  ['orders/fulfilled', 'commerce.order.fulfilled', Order, order],
  ['orders/delete', 'commerce.order.deleted', OrderDeleted, order],
  ['customers/create', 'commerce.customer.created', Customer, customer],
  ['customers/update', 'commerce.customer.updated', Customer, customer],
  ['customers/delete', 'commerce.customer.deleted', Deleted, customer],
  ['products/create', 'commerce.product.created', Product, product],
  ['products/update', 'commerce.product.updated', Product, product],
  ['products/delete', 'commerce.product.deleted', Deleted, product],
  // Refunds and fulfilments are about their order: keyed by it, they keep their place in its history.
  ['refunds/create', 'commerce.refund.created', Refund, ofOrder],
  ['fulfillments/create', 'commerce.fulfillment.created', Fulfillment, ofOrder],
  ['fulfillments/update', 'commerce.fulfillment.updated', Fulfillment, ofOrder],
];

/** Shopify: the body is the object; the subject is the order, customer or product. */
export const shopifyMappings: readonly EventMapping[] = TABLE.map(
  ([providerType, type, schema, subject]) =>
    defineMapping({ providerType, type, schema, subject, data: (body) => body }),
);
