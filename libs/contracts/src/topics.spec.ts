import { describe, expect, it } from '@jest/globals';
import { Topics, prefixedTopic } from './topics.js';

describe('prefixedTopic', () => {
  it('leaves names alone without a prefix', () => {
    expect(prefixedTopic('', Topics.ingested)).toBe('hookline.ingested.v1');
  });

  it('puts the prefix in front, dot-separated', () => {
    expect(prefixedTopic('t1a2b', Topics.events)).toBe('t1a2b.hookline.events.v1');
  });
});
