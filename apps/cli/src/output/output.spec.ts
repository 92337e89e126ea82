import { describe, expect, it } from '@jest/globals';
import { type EventDetail, type ReplayJob } from '../api/api-types.js';
import { explainOutcome } from '../demo/demo-outcome.js';
import { formatEventList } from './event-output.js';
import { formatPreview, progressOf } from './replay-output.js';
import { renderFields, renderTable } from './table.js';

const detail = (
  timeline: EventDetail['timeline'],
  types = ['billing.invoice.paid'],
): EventDetail => ({
  raw: {
    id: 'raw_1',
    tenantId: 'acme',
    sourceId: 'acme-stripe',
    provider: 'stripe',
    receivedAt: '',
    method: 'POST',
    path: '/webhooks/acme-stripe',
    headers: {},
    contentType: 'application/json',
    body: '{}',
    correlationId: null,
  },
  events: types.map((type, index) => ({ id: `evt_${index}`, type })),
  timeline,
  attempts: [],
});

describe('output', () => {
  it('tables: aligned columns without borders, a dash for empty cells', () => {
    expect(
      renderTable(
        ['ID', 'STATE'],
        [
          ['rpl_1', 'running'],
          ['rpl_22', null],
        ],
      ),
    ).toBe(['ID      STATE', 'rpl_1   running', 'rpl_22  -'].join('\n'));
    expect(
      renderFields([
        ['id', 'x'],
        ['finished', null],
      ]),
    ).toBe('id:       x\nfinished: -');
  });

  it('a full page says how to get the next one', () => {
    const page = {
      items: [
        {
          rawEventId: 'raw_1',
          tenantId: 'acme',
          sourceId: 's',
          provider: 'stripe',
          receivedAt: 't',
          correlationId: null,
          eventIds: [],
          types: ['a', 'b'],
          providerEventIds: [],
          status: 'routed' as const,
        },
      ],
      nextCursor: 'eyJpZCI6MX0',
    };
    expect(formatEventList(page)).toMatch(
      /raw_1\s+acme\s+s\s+t\s+a,b\s+routed\nmore: --cursor eyJpZCI6MX0$/,
    );
  });

  it('replay progress and a dry run preview', () => {
    const job = {
      id: 'rpl_1',
      state: 'dry-run',
      total: null,
      sent: 2,
      skipped: 1,
      alreadyDelivered: 0,
      failed: 1,
      preview: { total: 1, byReason: [{ key: 'DeliveryRejected', count: 1 }], sample: [] },
    } as unknown as ReplayJob;
    expect(progressOf(job)).toBe('2/? sent, 1 skipped, 0 already delivered, 1 failed');
    expect(formatPreview(job)).toBe(
      'would replay 1 record\nREASON            COUNT\nDeliveryRejected  1\nto replay them: hookline replays start rpl_1',
    );
  });

  it('why a demo webhook ended where it did', () => {
    const at = '2026-03-01T12:00:00Z';
    expect(
      explainOutcome(
        'delivered',
        detail([
          { stage: 'executor', state: 'delivered', destinationId: 'acme-orders', occurredAt: at },
          { stage: 'executor', state: 'delivered', destinationId: 'acme-finance', occurredAt: at },
        ]),
      ),
    ).toBe('billing.invoice.paid to acme-orders, acme-finance');
    expect(
      explainOutcome(
        'dead_lettered',
        detail([
          {
            stage: 'executor',
            state: 'dead_lettered',
            destinationId: 'acme-refusing',
            occurredAt: at,
            detail: { errorClass: 'DeliveryRejected', status: 400 },
          },
        ]),
      ),
    ).toBe('acme-refusing: errorClass=DeliveryRejected, status=400');
    expect(explainOutcome('unrouted', detail([], ['chat.message.posted']))).toBe(
      'no route takes chat.message.posted',
    );
    expect(explainOutcome('filtered', undefined)).toBe(
      'the filters of every route taking its event refused it',
    );
  });
});
