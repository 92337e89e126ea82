import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FailureHeaders } from '@hookline/contracts';
import { startStandInDestination, type StandInDestination } from '@hookline/destinations/testing';
import { startTestService, type TestService } from '@hookline/runtime/testing';
import {
  sampleIntegrationEvent,
  TopicObserver,
  waitForReady,
  writeTestConfig,
} from '@hookline/testing';
import { ExecutorModule } from '../executor.module.js';

describe('executor without an egress allowlist', () => {
  let service: TestService;
  let destination: StandInDestination;
  let observer: TopicObserver;

  beforeAll(async () => {
    destination = await startStandInDestination();
    const configPath = writeTestConfig(
      JSON.stringify({
        version: 1,
        tenants: [
          {
            id: 'acme',
            destinations: [
              {
                id: 'local',
                kind: 'http',
                url: `${destination.url}/hooks`,
                secret: 'whsec_aG9va2xpbmUtdGVzdC1vbmx5LXNlY3JldC0zMmJ5dGU=',
                retryTiers: ['200ms'],
              },
            ],
          },
        ],
      }),
    );
    service = await startTestService('executor', (config) => ExecutorModule.register(config), {
      HOOKLINE_CONFIG: configPath,
      HOOKLINE_RETRY_TIERS: '200ms',
    });
    expect((await waitForReady(service.url)).ready).toBe(true);
    observer = await TopicObserver.start(
      service.config.kafka.brokers,
      service.config.kafka.topicPrefix,
      ['hookline.deliveries.v1.dlt'],
    );
  });

  afterAll(async () => {
    await observer?.close();
    await service?.close();
    await destination?.close();
  });

  it('refuses a delivery to 127.0.0.1 for good, without sending a byte', async () => {
    await observer.send('hookline.deliveries.v1', [
      {
        key: 'local:stripe:in_1',
        value: JSON.stringify({
          deliveryId: 'dlv_local',
          tenantId: 'acme',
          destinationId: 'local',
          routeId: 'r1',
          event: sampleIntegrationEvent(),
        }),
      },
    ]);
    const [deadLetter] = await observer.waitFor('hookline.deliveries.v1.dlt', 1);
    expect(deadLetter?.headers?.[FailureHeaders.errorClass]?.toString()).toBe('EgressRefused');
    expect(deadLetter?.headers?.[FailureHeaders.errorMessage]?.toString()).toMatch(
      /127\.0\.0\.1 \(loopback\).*egress\.allow/,
    );
    expect(deadLetter?.headers?.[FailureHeaders.attempt]?.toString()).toBe('1');
    expect(destination.received).toHaveLength(0);
    expect(destination.connections).toBe(0);
  });
});
