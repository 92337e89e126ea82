import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync } from 'node:fs';
import { JSON_SCHEMA_DIRECTORY, renderJsonSchemas } from './json-schemas.js';

const directory = new URL(`../../../../${JSON_SCHEMA_DIRECTORY}/`, import.meta.url);

describe('published JSON Schema files', () => {
  const rendered = renderJsonSchemas();

  it.each(Object.keys(rendered))(
    '%s is what the zod definition generates (else run `npx nx run contracts:schemas`)',
    (file) => {
      expect(readFileSync(new URL(file, directory), 'utf8')).toBe(rendered[file]);
    },
  );

  it('publishes no file that no definition generates', () => {
    expect(readdirSync(directory).sort()).toEqual(Object.keys(rendered).sort());
  });

  it('requires the CloudEvents attributes of an IntegrationEvent', () => {
    const schema = JSON.parse(rendered['integration-event.v1.schema.json']!) as {
      required: string[];
    };
    expect(schema.required).toEqual(
      expect.arrayContaining(['id', 'source', 'specversion', 'type', 'subject', 'time']),
    );
  });

  it('names every IntegrationEvent attribute as CloudEvents requires: a-z and 0-9, at most 20', () => {
    const schema = JSON.parse(rendered['integration-event.v1.schema.json']!) as {
      properties: Record<string, unknown>;
      required: string[];
    };
    const names = Object.keys(schema.properties);
    expect(names.filter((name) => !/^[a-z0-9]{1,20}$/.test(name) && name !== 'data')).toEqual([]);
    expect(schema.required).toEqual(
      expect.arrayContaining(['tenantid', 'idempotencykey', 'raweventid', 'schemaversion']),
    );
    expect(names).not.toContain('receivedAt');
  });

  it('leaves the event open to attributes added later, and the other records closed', () => {
    const event = JSON.parse(rendered['integration-event.v1.schema.json']!) as Record<
      string,
      unknown
    >;
    const task = JSON.parse(rendered['delivery-task.v1.schema.json']!) as {
      additionalProperties?: unknown;
      properties: { event: Record<string, unknown> };
    };
    expect(event).not.toHaveProperty('additionalProperties');
    expect(task.properties.event).not.toHaveProperty('additionalProperties');
    expect(task.additionalProperties).toBe(false);
  });
});
