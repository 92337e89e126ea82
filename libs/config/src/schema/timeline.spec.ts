import { describe, expect, it } from '@jest/globals';
import { HooklineConfig } from './hookline-config.js';

describe('timeline configuration', () => {
  const parse = (timeline?: unknown) =>
    HooklineConfig.safeParse({ version: 1, tenants: [], ...(timeline ? { timeline } : {}) });

  it('keeps 30 days by default and takes any duration of an hour or more', () => {
    expect(parse().data?.timeline).toEqual({ retention: '30d' });
    expect(parse({ retention: '90d' }).data?.timeline).toEqual({ retention: '90d' });
    expect(parse({ retention: '1h' }).success).toBe(true);
  });

  it('refuses a retention that is not a duration, too short, or an unknown key', () => {
    const issues = (timeline: unknown) =>
      parse(timeline).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(issues({ retention: 'a month' })).toEqual([
      expect.stringMatching(/^timeline\.retention: invalid duration "a month"/),
    ]);
    expect(issues({ retention: '30m' })).toEqual([
      'timeline.retention: expected a retention of at least 1h',
    ]);
    expect(issues({ retention: '30d', enabled: false })).toEqual([
      expect.stringMatching(/^timeline: Unrecognized key/),
    ]);
  });
});
