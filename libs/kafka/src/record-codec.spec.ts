import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { IngestedContract, type TopicContract, Topics } from '@hookline/contracts';
import { UndecodableRecord } from './errors.js';
import { decodeRecord, encodeRecordHeaders } from './record-codec.js';

const Note = z.object({ text: z.string() });
const bound: TopicContract<z.infer<typeof Note>> = {
  topic: Topics.events,
  schema: Note,
  key: (note) => note.text,
  contentType: 'application/cloudevents+json; charset=UTF-8',
};
const value = Buffer.from(JSON.stringify({ text: 'hello' }));

describe('record headers and content types', () => {
  it('adds the content-type header only for a contract that declares one', () => {
    const standard = { correlationId: 'c-1', tenantId: 'acme' };
    expect(encodeRecordHeaders(bound, standard)).toEqual({
      'hookline-correlation-id': 'c-1',
      'hookline-tenant-id': 'acme',
      'content-type': 'application/cloudevents+json; charset=UTF-8',
    });
    expect(encodeRecordHeaders(IngestedContract, standard)).not.toHaveProperty('content-type');
  });

  it('reads a record of the declared media type, in any case and with any parameters, or without the header', () => {
    for (const contentType of [
      'application/cloudevents+json; charset=UTF-8',
      'Application/CloudEvents+JSON',
      Buffer.from('application/cloudevents+json;charset=utf-8'),
    ])
      expect(decodeRecord(bound, value, { 'content-type': contentType })).toEqual({
        text: 'hello',
      });
    expect(decodeRecord(bound, value, {})).toEqual({ text: 'hello' });
    expect(decodeRecord(bound, value)).toEqual({ text: 'hello' });
  });

  it('refuses a record whose content-type names another media type', () => {
    for (const contentType of ['application/json', 'application/cloudevents-batch+json'])
      expect(() => decodeRecord(bound, value, { 'content-type': contentType })).toThrow(
        new UndecodableRecord(
          `hookline.events.v1 takes application/cloudevents+json records, not content-type "${contentType}"`,
        ),
      );
  });

  it('ignores content-type for a contract without one', () => {
    const { contentType: _bound, ...plain } = bound;
    expect(decodeRecord(plain, value, { 'content-type': 'text/plain' })).toEqual({ text: 'hello' });
  });
});
