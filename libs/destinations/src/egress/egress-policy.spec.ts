import { describe, expect, it } from '@jest/globals';
import { EgressPolicy } from './egress-policy.js';

describe('EgressPolicy', () => {
  const policy = new EgressPolicy();

  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254', // cloud metadata
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    'fe80::1',
    'fd00:ec2::254', // cloud metadata over IPv6
    '::ffff:127.0.0.1',
    '::ffff:169.254.169.254',
    'not-an-address',
  ])('refuses %s by default', (address) => {
    expect(policy.check(address).allowed).toBe(false);
  });

  it.each(['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'])(
    'allows the public address %s',
    (address) => expect(policy.check(address).allowed).toBe(true),
  );

  it('opens exactly the configured ranges', () => {
    const open = new EgressPolicy(['127.0.0.1', '10.0.0.0/8', '::ffff:192.168.0.0/112']);
    expect(open.check('127.0.0.1').allowed).toBe(true);
    expect(open.check('::ffff:127.0.0.1').allowed).toBe(true);
    expect(open.check('127.0.0.2').allowed).toBe(false);
    expect(open.check('10.200.0.1').allowed).toBe(true);
    expect(open.check('192.168.3.4').allowed).toBe(true);
    expect(open.check('192.169.0.1').allowed).toBe(true); // public anyway
    expect(open.check('169.254.169.254').allowed).toBe(false);
  });
});
