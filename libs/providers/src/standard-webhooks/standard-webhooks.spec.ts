import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { ProviderConfigurationError, type WebhookRequest } from '../provider.js';
import { buildRequest, readSample, withHeaders } from '../testing/request-builder.js';
import { standardWebhooksProvider } from './index.js';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const OLD_SECRET = 'whsec_dGhlLXByZXZpb3VzLXNlY3JldC1rZXk=';
const MSG_ID = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
const body = readSample(new URL('./samples/invoice-paid.json', import.meta.url));
const payload = body.toString('utf8');

// The library checks time against the real clock, so these requests "arrive" now.
const now = () => new Date(Math.floor(Date.now() / 1000) * 1000);

function signedByLibrary(secret = SECRET, signedAt = now(), receivedAt = now()): WebhookRequest {
  return buildRequest(
    body,
    {
      'webhook-id': MSG_ID,
      'webhook-timestamp': String(signedAt.getTime() / 1000),
      'webhook-signature': new Webhook(secret).sign(MSG_ID, signedAt, payload),
    },
    { receivedAt },
  );
}

const verify = (request: WebhookRequest, secrets = [SECRET], toleranceSeconds?: number) =>
  standardWebhooksProvider.verify(request, { secrets }, { toleranceSeconds });

const libraryAccepts = (request: WebhookRequest, secret = SECRET): boolean => {
  try {
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter((entry): entry is [string, string] => !!entry[1]),
    );
    new Webhook(secret).verify(request.rawBody.toString('utf8'), headers);
    return true;
  } catch {
    return false;
  }
};

describe('standard-webhooks verify', () => {
  it('accepts a request signed by the standardwebhooks library, which accepts it too', () => {
    const request = signedByLibrary();
    expect(verify(request)).toEqual({ ok: true });
    expect(libraryAccepts(request)).toBe(true);
  });

  it('rejects a request signed with another secret, as the library does', () => {
    const request = signedByLibrary('whsec_YXR0YWNrZXItc2VjcmV0LWtleQ==');
    expect(verify(request)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(libraryAccepts(request)).toBe(false);
  });

  it('rejects a request without webhook-signature', () => {
    const request = withHeaders(signedByLibrary(), { 'webhook-signature': undefined });
    expect(verify(request)).toEqual({ ok: false, reason: 'missing-signature' });
  });

  it.each([
    ['no webhook-id', { 'webhook-id': undefined }],
    ['no webhook-timestamp', { 'webhook-timestamp': undefined }],
    ['only an asymmetric (v1a) signature', { 'webhook-signature': 'v1a,c2lnbmF0dXJl' }],
    ['a v1 that is not base64', { 'webhook-signature': 'v1,***' }],
  ])('reports %s as malformed', (_case, headers) => {
    expect(verify(withHeaders(signedByLibrary(), headers))).toEqual({
      ok: false,
      reason: 'malformed-signature',
    });
  });

  it('rejects a tampered body, as the library does', () => {
    const request = { ...signedByLibrary(), rawBody: Buffer.from(payload.replace('4900', '1')) };
    expect(verify(request)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(libraryAccepts(request)).toBe(false);
  });

  it('rejects a signature replayed under another message id', () => {
    const request = withHeaders(signedByLibrary(), { 'webhook-id': 'msg_other' });
    expect(verify(request)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('rejects a genuine request older than the tolerance, as the library does', () => {
    const signedAt = new Date(now().getTime() - 301_000);
    const request = signedByLibrary(SECRET, signedAt);
    expect(verify(request)).toEqual({ ok: false, reason: 'stale-timestamp' });
    expect(libraryAccepts(request)).toBe(false);
    expect(verify(request, [SECRET], 600)).toEqual({ ok: true });
  });

  it('accepts a request signed with the older of two active secrets', () => {
    expect(verify(signedByLibrary(OLD_SECRET), [SECRET, OLD_SECRET])).toEqual({ ok: true });
  });

  it('accepts any matching entry among several signatures', () => {
    const request = signedByLibrary();
    const header = `v1a,c2lnbmF0dXJl v1,${Buffer.alloc(32).toString('base64')} ${request.headers['webhook-signature']}`;
    const multi = withHeaders(request, { 'webhook-signature': header });
    expect(verify(multi)).toEqual({ ok: true });
    expect(libraryAccepts(multi)).toBe(true);
  });

  it('accepts a secret given without its whsec_ prefix', () => {
    expect(verify(signedByLibrary(), [SECRET.slice('whsec_'.length)])).toEqual({ ok: true });
  });

  it('is a configuration error when a secret is not base64', () => {
    expect(() => verify(signedByLibrary(), ['whsec_not base64!'])).toThrow(
      ProviderConfigurationError,
    );
  });
});

describe('standard-webhooks dedupKey and eventType', () => {
  it('uses webhook-id, else the body digest', () => {
    expect(standardWebhooksProvider.dedupKey(signedByLibrary(), {})).toBe(MSG_ID);
    const withoutId = withHeaders(signedByLibrary(), { 'webhook-id': undefined });
    const digest = createHash('sha256').update(body).digest('hex');
    expect(standardWebhooksProvider.dedupKey(withoutId, {})).toBe(`sha256:${digest}`);
  });

  it('reads the payload type', () => {
    const parsed: unknown = JSON.parse(payload);
    expect(standardWebhooksProvider.eventType?.(signedByLibrary(), parsed)).toBe('invoice.paid');
  });
});
