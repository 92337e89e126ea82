import { describe, expect, it } from '@jest/globals';
import { createHash, createHmac } from 'node:crypto';
import Stripe from 'stripe';
import { ProviderConfigurationError, type WebhookRequest } from '../provider.js';
import {
  RECEIVED_AT,
  RECEIVED_AT_SECONDS,
  buildRequest,
  readSample,
  withHeaders,
} from '../testing/request-builder.js';
import { stripeProvider } from './index.js';

// Constructing the client makes no network call; it is only the way to reach `webhooks`.
const stripe = new Stripe('sk_test_x');
const SECRET = 'whsec_current';
const OLD_SECRET = 'whsec_previous';
const body = readSample(new URL('./samples/payment-intent-succeeded.json', import.meta.url));
const payload = body.toString('utf8');

function signedBySdk(secret = SECRET, timestamp = RECEIVED_AT_SECONDS): WebhookRequest {
  const header = stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
  return buildRequest(body, { 'stripe-signature': header });
}

function hexSignature(secret: string, timestamp: number, signed: Buffer = body): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(signed).digest('hex');
}

const verify = (request: WebhookRequest, secrets = [SECRET], toleranceSeconds?: number) =>
  stripeProvider.verify(request, { secrets }, { toleranceSeconds });

describe('stripe verify', () => {
  it('accepts a request signed by the Stripe SDK', () => {
    expect(verify(signedBySdk())).toEqual({ ok: true });
  });

  it('rejects a request signed with another secret', () => {
    expect(verify(signedBySdk('whsec_attacker'))).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('rejects a request without Stripe-Signature', () => {
    const request = withHeaders(signedBySdk(), { 'stripe-signature': undefined });
    expect(verify(request)).toEqual({ ok: false, reason: 'missing-signature' });
  });

  it.each([
    ['no v1 entry', `t=${RECEIVED_AT_SECONDS},v0=abcd`],
    ['no timestamp', `v1=${hexSignature(SECRET, RECEIVED_AT_SECONDS)}`],
    ['a non-numeric timestamp', `t=soon,v1=${hexSignature(SECRET, RECEIVED_AT_SECONDS)}`],
    ['a v1 that is not hex', `t=${RECEIVED_AT_SECONDS},v1=not-hex`],
    ['a truncated v1', `t=${RECEIVED_AT_SECONDS},v1=abcdef`],
  ])('reports %s as malformed', (_case, header) => {
    const request = buildRequest(body, { 'stripe-signature': header });
    expect(verify(request)).toEqual({ ok: false, reason: 'malformed-signature' });
  });

  it('rejects a tampered body', () => {
    const tampered = Buffer.from(payload.replace('"amount": 2000', '"amount": 1'));
    const request = { ...signedBySdk(), rawBody: tampered };
    expect(verify(request)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('rejects a genuine request older than the tolerance, and honours a wider one', () => {
    const old = signedBySdk(SECRET, RECEIVED_AT_SECONDS - 301);
    expect(verify(old)).toEqual({ ok: false, reason: 'stale-timestamp' });
    expect(verify(signedBySdk(SECRET, RECEIVED_AT_SECONDS - 300))).toEqual({ ok: true });
    expect(verify(old, [SECRET], 600)).toEqual({ ok: true });
  });

  it('rejects a timestamp too far in the future', () => {
    const future = signedBySdk(SECRET, RECEIVED_AT_SECONDS + 301);
    expect(verify(future)).toEqual({ ok: false, reason: 'stale-timestamp' });
  });

  it('accepts a request signed with the older of two active secrets', () => {
    expect(verify(signedBySdk(OLD_SECRET), [SECRET, OLD_SECRET])).toEqual({ ok: true });
  });

  it('accepts any matching v1 entry, as while Stripe rolls an endpoint secret', () => {
    const stale = hexSignature('whsec_expired', RECEIVED_AT_SECONDS);
    const good = hexSignature(SECRET, RECEIVED_AT_SECONDS);
    const header = `t=${RECEIVED_AT_SECONDS},v1=${stale},v1=${good}`;
    expect(verify(buildRequest(body, { 'stripe-signature': header }))).toEqual({ ok: true });
  });

  it('refuses to verify without any active secret', () => {
    expect(() => verify(signedBySdk(), [])).toThrow(ProviderConfigurationError);
  });
});

describe('stripe verify agrees with the SDK', () => {
  const sdkAccepts = (request: WebhookRequest, secret: string): boolean => {
    try {
      const header = request.headers['stripe-signature'] ?? '';
      stripe.webhooks.constructEvent(request.rawBody, header, secret, 300, undefined, +RECEIVED_AT);
      return true;
    } catch {
      return false;
    }
  };
  const cases: [string, WebhookRequest][] = [
    ['genuine', signedBySdk()],
    ['signed with another secret', signedBySdk('whsec_attacker')],
    ['tampered', { ...signedBySdk(), rawBody: Buffer.from(`${payload} `) }],
    ['stale', signedBySdk(SECRET, RECEIVED_AT_SECONDS - 301)],
    ['at the tolerance edge', signedBySdk(SECRET, RECEIVED_AT_SECONDS - 300)],
    [
      'with two v1 entries',
      buildRequest(body, {
        'stripe-signature': `t=${RECEIVED_AT_SECONDS},v1=${'0'.repeat(64)},v1=${hexSignature(SECRET, RECEIVED_AT_SECONDS)}`,
      }),
    ],
  ];

  it.each(cases)('%s', (_case, request) => {
    expect(verify(request).ok).toBe(sdkAccepts(request, SECRET));
  });
});

describe('stripe dedupKey and eventType', () => {
  it('uses the event id', () => {
    expect(stripeProvider.dedupKey(signedBySdk(), {})).toBe('evt_3PqXyZ2eZvKYlo2C1a2b3c4d');
  });

  it('falls back to the body digest when there is no id', () => {
    const request = buildRequest('{"object":"event"}', {});
    const digest = createHash('sha256').update('{"object":"event"}').digest('hex');
    expect(stripeProvider.dedupKey(request, {})).toBe(`sha256:${digest}`);
  });

  it('reads the event type from the body', () => {
    const parsed: unknown = JSON.parse(payload);
    expect(stripeProvider.eventType?.(signedBySdk(), parsed)).toBe('payment_intent.succeeded');
  });
});
