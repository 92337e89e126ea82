import { describe, expect, it } from '@jest/globals';
import { formatDuration, parseDuration } from './durations.js';
import { DEFAULT_TOPOLOGY, declareTopology, stageTopics } from './topology.js';

describe('durations', () => {
  it.each([
    ['500ms', 500],
    ['2s', 2_000],
    ['1m', 60_000],
    ['2h', 7_200_000],
    ['1.5s', 1_500],
  ])('parses %s', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '5', '1 minute', '-1s', '0s', '2w'])(
    'rejects "%s" with the accepted units',
    (text) => {
      expect(() => parseDuration(text)).toThrow(/invalid duration/);
    },
  );

  it('labels with the largest whole unit', () => {
    expect([60_000, 1_500, 7_200_000, 500].map(formatDuration)).toEqual([
      '1m',
      '1500ms',
      '2h',
      '500ms',
    ]);
  });
});

describe('declareTopology', () => {
  it('declares each main topic with its default tiers and dead-letter topic', () => {
    const names = declareTopology().map((topic) => topic.name);
    expect(names).toEqual([
      'hookline.ingested.v1',
      'hookline.ingested.v1.retry.1m',
      'hookline.ingested.v1.retry.5m',
      'hookline.ingested.v1.retry.30m',
      'hookline.ingested.v1.retry.2h',
      'hookline.ingested.v1.dlt',
      'hookline.ingested.v1.replay',
      'hookline.events.v1',
      'hookline.events.v1.retry.1m',
      'hookline.events.v1.retry.5m',
      'hookline.events.v1.retry.30m',
      'hookline.events.v1.retry.2h',
      'hookline.events.v1.dlt',
      'hookline.events.v1.replay',
      'hookline.deliveries.v1',
      'hookline.deliveries.v1.retry.1m',
      'hookline.deliveries.v1.retry.5m',
      'hookline.deliveries.v1.retry.30m',
      'hookline.deliveries.v1.retry.2h',
      'hookline.deliveries.v1.dlt',
      'hookline.deliveries.v1.replay',
    ]);
  });

  it('keeps dead letters longer and applies the durability settings everywhere', () => {
    const topology = declareTopology();
    const dlt = topology.find((topic) => topic.name === 'hookline.events.v1.dlt');
    const main = topology.find((topic) => topic.name === 'hookline.events.v1');
    expect(main?.configs).toEqual({
      'cleanup.policy': 'delete',
      'retention.ms': '604800000',
      'min.insync.replicas': '2',
    });
    expect(dlt?.configs['retention.ms']).toBe('2592000000');
    expect(topology.every((topic) => topic.replicationFactor === 3 && topic.partitions === 6)).toBe(
      true,
    );
  });

  it('takes tiers per topic and a prefix', () => {
    const stage = stageTopics('hookline.deliveries.v1', {
      prefix: 't1',
      retryTiers: { 'hookline.deliveries.v1': ['200ms', '1s'] },
    });
    expect(stage).toEqual({
      main: 't1.hookline.deliveries.v1',
      retries: [
        { tier: { label: '200ms', delayMs: 200 }, topic: 't1.hookline.deliveries.v1.retry.200ms' },
        { tier: { label: '1s', delayMs: 1_000 }, topic: 't1.hookline.deliveries.v1.retry.1s' },
      ],
      deadLetter: 't1.hookline.deliveries.v1.dlt',
      replay: 't1.hookline.deliveries.v1.replay',
    });
    expect(DEFAULT_TOPOLOGY.prefix).toBe('');
  });
});
