import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { type RawWebhookEnvelope } from '@hookline/contracts';
import { PROVIDER_NAMES } from '@hookline/providers';
import { readEventSamples } from '@hookline/providers/testing';
import { normalizeWebhook } from './event-normalizer.js';

// ajv-formats is CommonJS: its function is the default export's default.
const addFormats = addFormatsModule.default;
const schema = JSON.parse(
  readFileSync(
    new URL('../../../../libs/contracts/schemas/integration-event.v1.schema.json', import.meta.url),
    'utf8',
  ),
) as object;
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(schema);

const samples = PROVIDER_NAMES.flatMap((provider) => readEventSamples(provider));

describe('canonical events against the published JSON Schema', () => {
  it.each(samples.map((sample) => [`${sample.provider}/${sample.name}`, sample] as const))(
    'the event of %s is valid against integration-event.v1.schema.json',
    (_name, sample) => {
      const envelope: RawWebhookEnvelope = {
        rawEventId: `raw_${sample.name}`,
        tenantId: 'acme',
        sourceId: `acme-${sample.provider}`,
        provider: sample.provider,
        receivedAt: '2026-12-01T10:00:00.000Z',
        dedupKey: `delivery-${sample.name}`,
        headers: sample.headers,
        contentType: 'application/json',
        body: { base64: '' },
      };
      const { events, drifted } = normalizeWebhook(
        envelope,
        Buffer.from(JSON.stringify(sample.body)),
      );
      expect(drifted).toEqual([]);
      expect(events.map(({ event }) => event.type)).toEqual(sample.expect.map(({ type }) => type));
      for (const { event } of events) {
        const valid = validate(JSON.parse(JSON.stringify(event)));
        expect(validate.errors ?? []).toEqual([]);
        expect(valid).toBe(true);
      }
    },
  );

  it('rejects an event that breaks the contract', () => {
    expect(validate({ id: 'evt_1', specversion: '0.3' })).toBe(false);
  });
});
