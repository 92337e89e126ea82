import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { Parser } from '@asyncapi/parser';
import { declareTopology } from '../topology.js';
import { ASYNCAPI_PATH, renderAsyncApi } from './asyncapi-document.js';

const committed = () =>
  readFileSync(new URL(`../../../../${ASYNCAPI_PATH}`, import.meta.url), 'utf8');

describe('the AsyncAPI document', () => {
  it('is what the contracts generate (else run `npx nx run contracts:schemas`)', () => {
    expect(committed()).toBe(renderAsyncApi());
  });

  it('is valid AsyncAPI 3 for the AsyncAPI parser', async () => {
    const { document, diagnostics } = await new Parser().parse(committed());
    expect(diagnostics.filter((diagnostic) => diagnostic.severity === 0)).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
  });

  it('describes every topic of the topology: main, retry tiers and dead letters', async () => {
    const { document } = await new Parser().parse(committed());
    const addresses = document!
      .channels()
      .all()
      .map((channel) => channel.address());
    expect(addresses.sort()).toEqual(
      declareTopology()
        .map((topic) => topic.name)
        .sort(),
    );
    const events = document!.channels().get('events')!;
    const [message] = events.messages().all();
    expect(message?.payload()?.required()).toEqual(
      expect.arrayContaining(['id', 'type', 'subject']),
    );
  });

  it('describes hookline.events.v1 in the structured mode of the CloudEvents Kafka binding', async () => {
    const { document } = await new Parser().parse(committed());
    const contentTypeOf = (channel: string) => {
      const [message] = document!.channels().get(channel)!.messages().all();
      const header = message?.headers()?.properties()?.['content-type'];
      return [message?.contentType(), header?.const()];
    };
    const cloudEvents = 'application/cloudevents+json; charset=UTF-8';
    expect(contentTypeOf('events')).toEqual([cloudEvents, cloudEvents]);
    expect(contentTypeOf('events-dlt')).toEqual([cloudEvents, cloudEvents]);
    expect(contentTypeOf('events-replay')).toEqual([cloudEvents, cloudEvents]);
    expect(contentTypeOf('deliveries')).toEqual(['application/json', undefined]);
    const [event] = document!.channels().get('events')!.messages().all();
    expect(event?.headers()?.required()).toContain('content-type');
  });
});
