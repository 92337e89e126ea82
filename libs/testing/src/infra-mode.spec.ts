import { describe, expect, it } from '@jest/globals';
import { planInfra } from './infra-mode.js';

describe('planInfra', () => {
  it('embeds both by default', () => {
    expect(planInfra({})).toEqual({ kafka: 'embedded', postgres: 'embedded' });
  });

  it('uses what the environment names, resource by resource', () => {
    expect(planInfra({ DATABASE_URL: 'postgres://x' })).toEqual({
      kafka: 'embedded',
      postgres: 'external',
    });
    expect(planInfra({ KAFKA_BROKERS: 'k:9092', HOOKLINE_TEST_INFRA: 'containers' })).toEqual({
      kafka: 'external',
      postgres: 'containers',
    });
  });

  it('rejects an unknown mode by name', () => {
    expect(() => planInfra({ HOOKLINE_TEST_INFRA: 'docker' })).toThrow(/"docker"/);
  });
});
