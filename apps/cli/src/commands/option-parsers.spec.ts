import { describe, expect, it } from '@jest/globals';
import { InvalidArgumentError } from 'commander';
import { parseLimit, parseOffset, parseRate, parseTime } from './option-parsers.js';

describe('option parsers', () => {
  const now = () => Date.parse('2026-03-01T12:00:00.000Z');

  it('times: ISO 8601 as given, a duration as that long ago', () => {
    expect(parseTime('2026-03-01T10:30:00+01:00', now)).toBe('2026-03-01T09:30:00.000Z');
    expect(parseTime('2026-02-28', now)).toBe('2026-02-28T00:00:00.000Z');
    expect(parseTime('2h', now)).toBe('2026-03-01T10:00:00.000Z');
    expect(parseTime('90m', now)).toBe('2026-03-01T10:30:00.000Z');
    expect(parseTime('7d', now)).toBe('2026-02-22T12:00:00.000Z');
  });

  it.each(['yesterday', '2h ago', '', '12:00', '2026-13-45'])('refuses the time %j', (value) => {
    expect(() => parseTime(value, now)).toThrow(InvalidArgumentError);
  });

  it('limits are 1 to 200; offsets stay exact strings; rates are whole numbers from 1', () => {
    expect(parseLimit('1')).toBe(1);
    expect(parseLimit('200')).toBe(200);
    for (const bad of ['0', '201', '-1', '5.5', 'ten'])
      expect(() => parseLimit(bad)).toThrow(InvalidArgumentError);
    expect(parseOffset('9007199254740993')).toBe('9007199254740993');
    expect(() => parseOffset('-1')).toThrow(InvalidArgumentError);
    expect(parseRate('25')).toBe(25);
    for (const bad of ['0', '-3', '2.5', 'fast'])
      expect(() => parseRate(bad)).toThrow(InvalidArgumentError);
  });
});
