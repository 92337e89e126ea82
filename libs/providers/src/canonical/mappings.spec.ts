import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { PROVIDER_NAMES, getProvider } from '../registry.js';
import { buildRequest } from '../testing/request-builder.js';
import { type EventSample, readEventSamples } from '../testing/event-samples.js';
import { type CanonicalOutcome, canonicalEvents, providerEventsOf } from './canonical-events.js';
import { canonicalTypesOf } from './event-mapping.js';

function mapSample(sample: EventSample, body: unknown = sample.body): CanonicalOutcome[] {
  const rawBody = Buffer.from(JSON.stringify(body));
  const request = buildRequest(rawBody, sample.headers);
  const adapter = getProvider(sample.provider);
  return canonicalEvents(sample.provider, adapter, request, body, 'delivery-1');
}

function eventsOf(outcomes: CanonicalOutcome[]) {
  return outcomes.map((outcome) => {
    if (!outcome.ok) throw outcome.error;
    return outcome.event;
  });
}

const mapped = PROVIDER_NAMES.filter((name) => (getProvider(name).mappings?.length ?? 0) > 0);
const samples = mapped.flatMap((name) => readEventSamples(name));

describe('canonical mappings over the providers’ sample payloads', () => {
  it('covers every provider with mappings', () => {
    expect(mapped).toEqual(['stripe', 'github', 'slack', 'hubspot', 'shopify', 'gitlab', 'paddle']);
  });

  it.each(samples.map((sample) => [`${sample.provider}/${sample.name}`, sample] as const))(
    '%s becomes its canonical events with their subjects',
    (_name, sample) => {
      const events = eventsOf(mapSample(sample));
      expect(events.map(({ type, subject }) => ({ type, subject }))).toEqual(sample.expect);
      for (const event of events) expect(event.mapped).toBe(true);
    },
  );

  it.each(mapped)('every %s mapping has a sample and yields only its declared types', (name) => {
    const adapter = getProvider(name);
    const seen = new Map<string, Set<string>>();
    for (const sample of readEventSamples(name)) {
      const request = buildRequest(JSON.stringify(sample.body), sample.headers);
      const items = providerEventsOf(adapter, request, sample.body, 'delivery-1');
      eventsOf(mapSample(sample)).forEach((event, index) => {
        const providerType = items[index]!.providerType;
        seen.set(providerType, (seen.get(providerType) ?? new Set()).add(event.type));
      });
    }
    for (const mapping of adapter.mappings ?? []) {
      expect([mapping.providerType, seen.has(mapping.providerType)]).toEqual([
        mapping.providerType,
        true,
      ]);
      for (const type of seen.get(mapping.providerType) ?? []) {
        expect(canonicalTypesOf(mapping)).toContain(type);
      }
    }
  });

  it('gives every mapped type a canonical name of lower-case dotted words', () => {
    const types = mapped.flatMap((name) =>
      (getProvider(name).mappings ?? []).flatMap((mapping) => canonicalTypesOf(mapping)),
    );
    expect(types.length).toBeGreaterThan(60);
    for (const type of types) expect(type).toMatch(/^[a-z_]+(\.[a-z_]+){1,3}$/);
  });
});

describe('schema drift', () => {
  const sample = (provider: string, name: string) =>
    readEventSamples(provider).find((candidate) => candidate.name === name)!;

  /** The body with the field at `path` (dotted, array indexes as numbers) set, or removed when `value` is undefined. */
  function drift(body: unknown, path: string, value: unknown): unknown {
    const copy = structuredClone(body);
    const keys = path.split('.');
    const last = keys.pop()!;
    const parent = keys.reduce<unknown>(
      (node, key) => (node as Record<string, unknown>)[key],
      copy,
    );
    if (value === undefined) delete (parent as Record<string, unknown>)[last];
    else (parent as Record<string, unknown>)[last] = value;
    return copy;
  }

  it.each([
    ['stripe', 'invoice-paid', 'data.object.amount_paid', '49.00', 'data.object.amount_paid'],
    ['github', 'push', 'repository.full_name', undefined, 'repository.full_name'],
    ['github', 'pull-request-opened', 'pull_request.number', null, 'pull_request.number'],
    ['slack', 'reaction-added', 'event.item', undefined, 'event.item'],
    ['hubspot', 'deal-propertychange', '0.objectId', 'abc', 'objectId'],
    ['shopify', 'orders-create', 'total_price', 403, 'total_price'],
  ] as const)(
    'a %s %s payload that no longer fits names the provider, type and path',
    (provider, name, field, value, path) => {
      const [outcome] = mapSample(
        sample(provider, name),
        drift(sample(provider, name).body, field, value),
      );
      expect(outcome?.ok).toBe(false);
      if (outcome?.ok !== false) return;
      expect(outcome.error).toMatchObject({ provider, path });
      expect(outcome.error.message).toContain(
        `${provider} ${outcome.error.providerType} payload does not fit its mapping at ${path}:`,
      );
    },
  );

  it('maps the good items of a batch beside a drifted one', () => {
    const batch = structuredClone(sample('hubspot', 'mixed-batch').body) as Record<
      string,
      unknown
    >[];
    delete batch[1]!['propertyName'];
    const outcomes = mapSample(sample('hubspot', 'mixed-batch'), batch);
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, false, true]);
  });
});

describe('unmapped types', () => {
  it('flow as <provider>.<type> with the raw payload and the provider’s subject', () => {
    const body = { id: 'evt_9', type: 'payout.paid', data: { object: { id: 'po_1' } } };
    const [event] = eventsOf(
      mapSample({ provider: 'stripe', name: 'x', headers: {}, body, expect: [] }),
    );
    expect(event).toEqual({
      type: 'stripe.payout.paid',
      subject: 'stripe:po_1',
      data: body,
      providerType: 'payout.paid',
      providerEventId: 'delivery-1',
      idempotencyKey: 'stripe:payout.paid:delivery-1',
      mapped: false,
    });
  });

  it('make a provider type safe for a type name (Shopify topics carry a slash)', () => {
    const [event] = eventsOf(
      mapSample({
        provider: 'shopify',
        name: 'x',
        headers: { 'x-shopify-topic': 'carts/update', 'x-shopify-webhook-id': 'w-1' },
        body: { id: 5 },
        expect: [],
      }),
    );
    expect(event).toMatchObject({
      type: 'shopify.carts_update',
      subject: 'shopify:cart/5',
      providerEventId: 'w-1',
    });
  });
});

describe('docs/contracts.md', () => {
  const docs = readFileSync(new URL('../../../../docs/contracts.md', import.meta.url), 'utf8');

  it.each(mapped)('lists every %s mapping in its table', (name) => {
    for (const mapping of getProvider(name).mappings ?? []) {
      for (const type of canonicalTypesOf(mapping)) {
        const row = new RegExp(
          `^\\| \`${mapping.providerType.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\`[^|]*\\| \`${type.replace(/\./g, '\\.')}\` `,
          'm',
        );
        expect([mapping.providerType, type, row.test(docs)]).toEqual([
          mapping.providerType,
          type,
          true,
        ]);
      }
    }
  });
});
