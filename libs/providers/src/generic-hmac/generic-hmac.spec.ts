import { describe, expect, it } from '@jest/globals';
import { sign as octokitSign } from '@octokit/webhooks-methods';
import { createHash, createHmac } from 'node:crypto';
import { ProviderConfigurationError, type WebhookRequest } from '../provider.js';
import {
  RECEIVED_AT_SECONDS,
  buildRequest,
  readSample,
  withHeaders,
} from '../testing/request-builder.js';
import {
  type GenericHmacSettings,
  genericHmacProvider,
  parseGenericHmacSettings,
} from './index.js';

const SECRET = 'generic-current';
const OLD_SECRET = 'generic-previous';
const body = readSample(new URL('./samples/order-shipped.json', import.meta.url));

const verify = (request: WebhookRequest, settings: GenericHmacSettings, secrets = [SECRET]) =>
  genericHmacProvider.verify(request, { secrets }, settings);

describe('generic-hmac configured like GitHub (hex, sha256= prefix, body only)', () => {
  const settings = parseGenericHmacSettings({
    header: 'X-Hub-Signature-256',
    algorithm: 'sha256',
    encoding: 'hex',
    prefix: 'sha256=',
    idHeader: 'X-GitHub-Delivery',
  });
  const signed = async (secret = SECRET) =>
    buildRequest(body, {
      'x-hub-signature-256': await octokitSign(secret, body.toString('utf8')),
      'x-github-delivery': 'd2f0a9b4-0000-11f0-8000-0242ac120002',
    });

  it('accepts a request signed by @octokit/webhooks-methods', async () => {
    expect(verify(await signed(), settings)).toEqual({ ok: true });
  });

  it('rejects another secret, a tampered body and a missing header', async () => {
    expect(verify(await signed('attacker'), settings)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    const tampered = { ...(await signed()), rawBody: Buffer.from(`${body.toString()}\n`) };
    expect(verify(tampered, settings)).toEqual({ ok: false, reason: 'bad-signature' });
    const unsigned = withHeaders(await signed(), { 'x-hub-signature-256': undefined });
    expect(verify(unsigned, settings)).toEqual({ ok: false, reason: 'missing-signature' });
  });

  it('reports a signature without the prefix as malformed', async () => {
    const request = await signed();
    const bare = (request.headers['x-hub-signature-256'] ?? '').slice('sha256='.length);
    const malformed = withHeaders(request, { 'x-hub-signature-256': bare });
    expect(verify(malformed, settings)).toEqual({ ok: false, reason: 'malformed-signature' });
  });

  it('accepts a request signed with the older of two active secrets', async () => {
    expect(verify(await signed(OLD_SECRET), settings, [SECRET, OLD_SECRET])).toEqual({ ok: true });
  });

  it('uses the id header as dedup key, else the body digest', async () => {
    const request = await signed();
    expect(genericHmacProvider.dedupKey(request, settings)).toBe(
      'd2f0a9b4-0000-11f0-8000-0242ac120002',
    );
    const withoutId = withHeaders(request, { 'x-github-delivery': undefined });
    const digest = createHash('sha256').update(body).digest('hex');
    expect(genericHmacProvider.dedupKey(withoutId, settings)).toBe(`sha256:${digest}`);
  });
});

describe('generic-hmac with a timestamped template (base64, sha512)', () => {
  const settings = parseGenericHmacSettings({
    header: 'X-Acme-Signature',
    algorithm: 'sha512',
    encoding: 'base64',
    signedContent: '{method} {url}\n{id}.{timestamp}.{body}',
    timestampHeader: 'X-Acme-Timestamp',
    idHeader: 'X-Acme-Delivery',
  });
  const signed = (secret = SECRET, timestamp = RECEIVED_AT_SECONDS): WebhookRequest => {
    const content = `POST /webhooks/src_1\ndlv_42.${timestamp}.${body.toString('utf8')}`;
    return buildRequest(body, {
      'x-acme-signature': createHmac('sha512', secret).update(content).digest('base64'),
      'x-acme-timestamp': String(timestamp),
      'x-acme-delivery': 'dlv_42',
    });
  };

  it('accepts a correctly signed request', () => {
    expect(verify(signed(), settings)).toEqual({ ok: true });
  });

  it('rejects another secret and a tampered body', () => {
    expect(verify(signed('attacker'), settings)).toEqual({ ok: false, reason: 'bad-signature' });
    const tampered = { ...signed(), rawBody: Buffer.from(body.toString().replace('DHL', 'UPS')) };
    expect(verify(tampered, settings)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('signs the method, url and id too', () => {
    expect(verify({ ...signed(), url: '/webhooks/src_2' }, settings).ok).toBe(false);
    expect(verify({ ...signed(), method: 'PUT' }, settings).ok).toBe(false);
    const otherId = withHeaders(signed(), { 'x-acme-delivery': 'dlv_43' });
    expect(verify(otherId, settings)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('rejects a stale genuine request, and honours a wider tolerance', () => {
    const old = signed(SECRET, RECEIVED_AT_SECONDS - 301);
    expect(verify(old, settings)).toEqual({ ok: false, reason: 'stale-timestamp' });
    expect(verify(old, { ...settings, toleranceSeconds: 400 })).toEqual({ ok: true });
  });

  it('reports a missing timestamp or id as malformed', () => {
    for (const header of ['x-acme-timestamp', 'x-acme-delivery']) {
      const request = withHeaders(signed(), { [header]: undefined });
      expect(verify(request, settings)).toEqual({ ok: false, reason: 'malformed-signature' });
    }
  });

  it('accepts a request signed with the older of two active secrets', () => {
    expect(verify(signed(OLD_SECRET), settings, [SECRET, OLD_SECRET])).toEqual({ ok: true });
  });
});

describe('generic-hmac settings', () => {
  const base = { header: 'X-Signature', algorithm: 'sha256', encoding: 'hex' };

  it('lower-cases header names and defaults to signing the body', () => {
    const settings = parseGenericHmacSettings({ ...base, algorithm: 'sha1' });
    expect(settings.header).toBe('x-signature');
    const hex = createHmac('sha1', SECRET).update(body).digest('hex');
    expect(verify(buildRequest(body, { 'x-signature': hex }), settings)).toEqual({ ok: true });
  });

  it.each([
    ['an unknown algorithm', { ...base, algorithm: 'md5' }, 'algorithm'],
    ['an unknown placeholder', { ...base, signedContent: '{body}.{nonce}' }, '{nonce}'],
    ['a template without {body}', { ...base, signedContent: '{url}' }, 'must include {body}'],
    [
      '{timestamp} without timestampHeader',
      { ...base, signedContent: '{timestamp}.{body}' },
      'timestampHeader',
    ],
    ['an unsigned timestampHeader', { ...base, timestampHeader: 'X-Time' }, 'unsigned timestamp'],
    ['{id} without idHeader', { ...base, signedContent: '{id}{body}' }, 'idHeader'],
    ['a stray key', { ...base, secret: 'oops' }, 'secret'],
    ['a header name with a space', { ...base, header: 'X Signature' }, 'HTTP header name'],
  ])('rejects %s with a clear error', (_case, input, mentions) => {
    expect(() => parseGenericHmacSettings(input)).toThrow(ProviderConfigurationError);
    expect(() => parseGenericHmacSettings(input)).toThrow(mentions);
  });

  it('refuses to verify with settings that skipped validation', () => {
    const unchecked = { ...base, signedContent: '{url}' } as GenericHmacSettings;
    expect(() => verify(buildRequest(body, { 'x-signature': 'ab' }), unchecked)).toThrow(
      /Invalid generic-hmac settings/,
    );
  });
});
