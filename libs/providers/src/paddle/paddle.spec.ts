import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { RECEIVED_AT_SECONDS, buildRequest } from '../testing/request-builder.js';
import { paddleProvider } from './index.js';

const SECRET = 'pdl_ntfset_current';
const body = JSON.stringify({
  event_id: 'evt_01',
  event_type: 'transaction.completed',
  data: { id: 'txn_1' },
});
const h1 = (secret: string, ts: number, signed = body) =>
  createHmac('sha256', secret).update(`${ts}:${signed}`).digest('hex');
const verify = (header: string | undefined, secrets = [SECRET], signed = body) =>
  paddleProvider.verify(buildRequest(signed, { 'paddle-signature': header }), { secrets }, {});

describe('paddle verify', () => {
  it('accepts a request signed per Paddle’s documented recipe', () => {
    expect(verify(`ts=${RECEIVED_AT_SECONDS};h1=${h1(SECRET, RECEIVED_AT_SECONDS)}`)).toEqual({
      ok: true,
    });
  });

  it('accepts any h1 during a rotation and the older of two secrets', () => {
    const header = `ts=${RECEIVED_AT_SECONDS};h1=${'0'.repeat(64)};h1=${h1('pdl_old', RECEIVED_AT_SECONDS)}`;
    expect(verify(header, [SECRET, 'pdl_old'])).toEqual({ ok: true });
  });

  it('rejects another secret, a tampered body, a stale timestamp and malformed headers', () => {
    const ts = RECEIVED_AT_SECONDS;
    expect(verify(`ts=${ts};h1=${h1('pdl_attacker', ts)}`)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(verify(`ts=${ts};h1=${h1(SECRET, ts)}`, [SECRET], `${body} `)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(verify(`ts=${ts - 301};h1=${h1(SECRET, ts - 301)}`)).toEqual({
      ok: false,
      reason: 'stale-timestamp',
    });
    expect(verify(`h1=${h1(SECRET, ts)}`)).toEqual({ ok: false, reason: 'malformed-signature' });
    expect(verify(`ts=${ts};h1=zz`)).toEqual({ ok: false, reason: 'malformed-signature' });
    expect(verify(undefined)).toEqual({ ok: false, reason: 'missing-signature' });
  });

  it('keys by event_id and names the event by event_type', () => {
    expect(paddleProvider.dedupKey(buildRequest(body, {}), {})).toBe('evt_01');
    expect(paddleProvider.eventType?.(buildRequest(body, {}), JSON.parse(body))).toBe(
      'transaction.completed',
    );
  });
});
