import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FailureHeaders, IntegrationEvent } from '@hookline/contracts';
import { startTestService, type TestService } from '@hookline/runtime/testing';
import { TopicObserver, waitForReady } from '@hookline/testing';
import { NormalizerModule } from '../normalizer.module.js';

describe('normalizer: hookline.ingested.v1 → hookline.events.v1 on a real broker', () => {
  let service: TestService;
  let observer: TopicObserver;

  beforeAll(async () => {
    service = await startTestService('normalizer', (config) => NormalizerModule.register(config), {
      HOOKLINE_RETRY_TIERS: '200ms',
    });
    expect((await waitForReady(service.url)).ready).toBe(true);
    observer = await TopicObserver.start(
      service.config.kafka.brokers,
      service.config.kafka.topicPrefix,
      ['hookline.events.v1', 'hookline.ingested.v1.dlt'],
    );
  });

  afterAll(async () => {
    await observer?.close();
    await service?.close();
  });

  it('publishes the canonical event of a raw webhook, and dead-letters a broken envelope', async () => {
    const body = { id: 'evt_77', type: 'invoice.paid', data: { object: { id: 'in_77' } } };
    const envelope = {
      rawEventId: 'raw_77',
      tenantId: 'acme',
      sourceId: 'acme-stripe',
      provider: 'stripe',
      receivedAt: new Date().toISOString(),
      dedupKey: 'evt_77',
      headers: {},
      contentType: 'application/json',
      body: { base64: Buffer.from(JSON.stringify(body)).toString('base64') },
    };
    await observer.send('hookline.ingested.v1', [
      {
        key: 'acme-stripe',
        value: JSON.stringify(envelope),
        headers: { 'hookline-correlation-id': 'c-77', 'hookline-tenant-id': 'acme' },
      },
      { key: 'acme-stripe', value: JSON.stringify({ rawEventId: 'raw_78' }) },
    ]);
    const [published] = await observer.waitFor('hookline.events.v1', 1);
    const [deadLetter] = await observer.waitFor('hookline.ingested.v1.dlt', 1);

    const event = IntegrationEvent.parse(JSON.parse(published?.value?.toString() ?? '{}'));
    expect(event).toMatchObject({
      type: 'stripe.invoice.paid',
      subject: 'stripe:in_77',
      tenantId: 'acme',
      rawEventId: 'raw_77',
      data: body,
    });
    expect(published?.key?.toString()).toBe('acme:stripe:in_77');
    expect(published?.headers?.['hookline-correlation-id']?.toString()).toBe('c-77');
    expect(deadLetter?.headers?.[FailureHeaders.errorClass]?.toString()).toBe('SchemaViolation');
  });
});
