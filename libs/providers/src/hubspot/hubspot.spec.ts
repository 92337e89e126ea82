import { describe, expect, it } from '@jest/globals';
import { createHash, createHmac } from 'node:crypto';
import { ProviderConfigurationError, type WebhookRequest } from '../provider.js';
import { RECEIVED_AT, buildRequest, readSample, withHeaders } from '../testing/request-builder.js';
import { type HubSpotSettings, hubspotProvider } from './index.js';

// HubSpot's Node client only verifies through its whole API client, so the vectors are
// computed here from HubSpot's documented recipe.
const SECRET = 'hs-client-secret-current';
const OLD_SECRET = 'hs-client-secret-previous';
const PUBLIC_URL = 'https://hooks.example.com/webhooks/src_1';
const body = readSample(new URL('./samples/contact-property-change.json', import.meta.url));
const NOW_MS = RECEIVED_AT.getTime();

/** Signs the way HubSpot documents it: base64 HMAC-SHA256 of method + uri + body + timestamp. */
function hubspotSignature(secret: string, uri: string, timestampMs: number, signed = body): string {
  const source = `POST${uri}${signed.toString('utf8')}${timestampMs}`;
  return createHmac('sha256', secret).update(source, 'utf8').digest('base64');
}

function signed(
  secret = SECRET,
  timestampMs = NOW_MS,
  { publicUrl = PUBLIC_URL, signedUri = PUBLIC_URL } = {},
): WebhookRequest {
  return buildRequest(
    body,
    {
      'x-hubspot-signature-v3': hubspotSignature(secret, signedUri, timestampMs),
      'x-hubspot-request-timestamp': String(timestampMs),
    },
    { publicUrl },
  );
}

const verify = (request: WebhookRequest, secrets = [SECRET], settings: HubSpotSettings = {}) =>
  hubspotProvider.verify(request, { secrets }, settings);

describe('hubspot verify', () => {
  it('accepts a correctly signed request', () => {
    expect(verify(signed())).toEqual({ ok: true });
  });

  it('rejects a request signed with another secret', () => {
    expect(verify(signed('attacker'))).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('rejects a request without X-HubSpot-Signature-v3', () => {
    const request = withHeaders(signed(), { 'x-hubspot-signature-v3': undefined });
    expect(verify(request)).toEqual({ ok: false, reason: 'missing-signature' });
  });

  it.each([
    ['no timestamp', { 'x-hubspot-request-timestamp': undefined }],
    ['a timestamp that is not a number', { 'x-hubspot-request-timestamp': '2026-03-01' }],
    ['a signature that is not base64', { 'x-hubspot-signature-v3': 'not base64!' }],
    ['a v1-style hex signature', { 'x-hubspot-signature-v3': 'ab'.repeat(32) }],
  ])('reports %s as malformed', (_case, headers) => {
    expect(verify(withHeaders(signed(), headers))).toEqual({
      ok: false,
      reason: 'malformed-signature',
    });
  });

  it('rejects a tampered body', () => {
    const request = { ...signed(), rawBody: Buffer.from(body.toString().replace('customer', 'x')) };
    expect(verify(request)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('rejects a request signed for another URL or method', () => {
    expect(verify({ ...signed(), publicUrl: `${PUBLIC_URL}/other` })).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(verify({ ...signed(), method: 'PUT' })).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('rejects a genuine request older than five minutes (milliseconds timestamp)', () => {
    expect(verify(signed(SECRET, NOW_MS - 300_001))).toEqual({
      ok: false,
      reason: 'stale-timestamp',
    });
    expect(verify(signed(SECRET, NOW_MS - 299_000))).toEqual({ ok: true });
  });

  it('accepts a request signed with the older of two active secrets', () => {
    expect(verify(signed(OLD_SECRET), [SECRET, OLD_SECRET])).toEqual({ ok: true });
  });
});

describe('hubspot signed URI', () => {
  it('builds it from publicBaseUrl and the path when the request has no publicUrl', () => {
    const request = { ...signed(), publicUrl: undefined, url: '/webhooks/src_1?portal=62515' };
    const signedFor = (uri: string) =>
      withHeaders(request, { 'x-hubspot-signature-v3': hubspotSignature(SECRET, uri, NOW_MS) });
    const settings = { publicBaseUrl: 'https://hooks.example.com/' };
    const uri = 'https://hooks.example.com/webhooks/src_1?portal=62515';
    expect(verify(signedFor(uri), [SECRET], settings)).toEqual({ ok: true });
  });

  it('decodes the escapes HubSpot decodes, in either case, and keeps the others', () => {
    const received = `${PUBLIC_URL}?redirect=https%3A%2F%2Fapp.example.com%2fdone%3Fa%3D1&tag=%28x%29%2C%40y&q=a%20b`;
    // What HubSpot signs: %3A %2F %3F %28 %29 %2C %40 decoded; %3D and %20 left alone.
    const hubspotSigned = `${PUBLIC_URL}?redirect=https://app.example.com/done?a%3D1&tag=(x),@y&q=a%20b`;
    const request = signed(SECRET, NOW_MS, { publicUrl: received, signedUri: hubspotSigned });
    expect(verify(request)).toEqual({ ok: true });
  });

  it('is a configuration error when the public URL cannot be known', () => {
    const request = { ...signed(), publicUrl: undefined };
    expect(() => verify(request)).toThrow(ProviderConfigurationError);
  });

  it('settings reject a base URL that is not http(s)', () => {
    expect(hubspotProvider.settingsSchema.safeParse({ publicBaseUrl: 'ftp://x' }).success).toBe(
      false,
    );
    expect(hubspotProvider.settingsSchema.safeParse({ publicBaseUrl: PUBLIC_URL }).success).toBe(
      true,
    );
  });
});

describe('hubspot dedupKey and eventType', () => {
  it('keys a batch by its items’ eventIds, so a redelivery with a changed body is a duplicate', () => {
    const digest = createHash('sha256').update('1912345678,1912345679').digest('hex');
    expect(hubspotProvider.dedupKey(signed(), {})).toBe(`hubspot-events:${digest}`);
    const items = JSON.parse(body.toString()) as Record<string, unknown>[];
    const retried = Buffer.from(
      JSON.stringify(items.reverse().map((item) => ({ ...item, attemptNumber: 1 }))),
    );
    expect(hubspotProvider.dedupKey(buildRequest(retried, {}), {})).toBe(
      `hubspot-events:${digest}`,
    );
    const other = Buffer.from(JSON.stringify([{ ...items[0], eventId: 7 }]));
    expect(hubspotProvider.dedupKey(buildRequest(other, {}), {})).not.toBe(
      `hubspot-events:${digest}`,
    );
  });

  it('keys a body without eventIds by its digest', () => {
    const junk = Buffer.from('{"not":"a batch"}');
    const digest = createHash('sha256').update(junk).digest('hex');
    expect(hubspotProvider.dedupKey(buildRequest(junk, {}), {})).toBe(`sha256:${digest}`);
  });

  it('splits a batch into one event per item, each with its type and eventId', () => {
    const parsed: unknown = JSON.parse(body.toString());
    expect(
      hubspotProvider.events?.(signed(), parsed).map(({ providerType, externalId }) => ({
        providerType,
        externalId,
      })),
    ).toEqual([
      { providerType: 'contact.propertyChange', externalId: '1912345678' },
      { providerType: 'contact.creation', externalId: '1912345679' },
    ]);
  });

  it("names a batch by its first event's subscriptionType", () => {
    const parsed: unknown = JSON.parse(body.toString());
    expect(hubspotProvider.eventType?.(signed(), parsed)).toBe('contact.propertyChange');
    expect(hubspotProvider.eventType?.(signed(), [])).toBeUndefined();
    expect(hubspotProvider.eventType?.(signed(), { subscriptionType: 'x' })).toBeUndefined();
  });
});
