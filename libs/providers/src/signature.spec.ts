import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { constantTimeEqual, decodeSignature, matchesAnySecret } from './signature.js';
import { ProviderConfigurationError } from './provider.js';

const mac = (secret: string) => createHmac('sha256', secret).update('body').digest();

describe('constantTimeEqual', () => {
  it('compares equal-length buffers and calls different lengths unequal without throwing', () => {
    expect(constantTimeEqual(Buffer.from('abc'), Buffer.from('abc'))).toBe(true);
    expect(constantTimeEqual(Buffer.from('abc'), Buffer.from('abd'))).toBe(false);
    expect(constantTimeEqual(Buffer.from('abc'), Buffer.from('abcd'))).toBe(false);
    expect(constantTimeEqual(Buffer.alloc(0), Buffer.from('a'))).toBe(false);
  });
});

describe('decodeSignature', () => {
  const digest = mac('s');

  it('decodes hex in either case and base64 of the digest length', () => {
    expect(decodeSignature(digest.toString('hex').toUpperCase(), 'hex', 'sha256')).toEqual(digest);
    expect(decodeSignature(digest.toString('base64'), 'base64', 'sha256')).toEqual(digest);
  });

  it('refuses what Buffer.from would silently truncate or pad', () => {
    const hex = digest.toString('hex');
    expect(decodeSignature(`${hex}zz`, 'hex', 'sha256')).toBeUndefined();
    expect(decodeSignature(hex.slice(0, 62), 'hex', 'sha256')).toBeUndefined();
    expect(decodeSignature(hex, 'hex', 'sha512')).toBeUndefined();
    expect(
      decodeSignature(digest.toString('base64').slice(0, -1), 'base64', 'sha256'),
    ).toBeUndefined();
    expect(decodeSignature('', 'base64', 'sha256')).toBeUndefined();
  });
});

describe('matchesAnySecret', () => {
  it('matches with any active secret and any provided signature', () => {
    expect(matchesAnySecret(['new', 'old'], mac, [mac('old')])).toBe(true);
    expect(matchesAnySecret(['new'], mac, [mac('x'), mac('new')])).toBe(true);
    expect(matchesAnySecret(['new', 'old'], mac, [mac('other')])).toBe(false);
  });

  it('compares against every secret even after a match', () => {
    const tried: string[] = [];
    const expectedFor = (secret: string) => {
      tried.push(secret);
      return mac(secret);
    };
    matchesAnySecret(['new', 'old', 'older'], expectedFor, [mac('new')]);
    expect(tried).toEqual(['new', 'old', 'older']);
  });

  it('is a configuration error without any secret', () => {
    expect(() => matchesAnySecret([], mac, [mac('x')])).toThrow(ProviderConfigurationError);
  });
});
