import { describe, expect, it } from '@jest/globals';
import { createHash, createHmac } from 'node:crypto';
import { type WebhookRequest } from '../provider.js';
import {
  RECEIVED_AT_SECONDS,
  buildRequest,
  readSample,
  withHeaders,
} from '../testing/request-builder.js';
import { slackProvider } from './index.js';

// No standalone Slack verifier is installed, so the vectors are computed here with
// Node's HMAC from Slack's documented recipe, plus Slack's own published example.
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const OLD_SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const body = readSample(new URL('./samples/app-mention.json', import.meta.url));

function signed(
  secret = SECRET,
  timestamp = RECEIVED_AT_SECONDS,
  signedBody: Buffer = body,
): WebhookRequest {
  const hex = createHmac('sha256', secret)
    .update(Buffer.concat([Buffer.from(`v0:${timestamp}:`), signedBody]))
    .digest('hex');
  return buildRequest(signedBody, {
    'x-slack-signature': `v0=${hex}`,
    'x-slack-request-timestamp': String(timestamp),
  });
}

const verify = (request: WebhookRequest, secrets = [SECRET], toleranceSeconds?: number) =>
  slackProvider.verify(request, { secrets }, { toleranceSeconds });

describe('slack verify', () => {
  it('accepts a correctly signed request', () => {
    expect(verify(signed())).toEqual({ ok: true });
  });

  it("accepts Slack's documented example (a slash command's form body)", () => {
    // From Slack's "Verifying requests from Slack" guide, verbatim.
    const form =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V' +
      '&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
      '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
      '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    const request = buildRequest(
      form,
      {
        'x-slack-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
        'x-slack-request-timestamp': '1531420618',
      },
      { receivedAt: new Date(1531420618_000 + 30_000) },
    );
    expect(verify(request)).toEqual({ ok: true });
  });

  it('rejects a request signed with another secret', () => {
    expect(verify(signed('attacker'))).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('rejects a request without X-Slack-Signature', () => {
    const request = withHeaders(signed(), { 'x-slack-signature': undefined });
    expect(verify(request)).toEqual({ ok: false, reason: 'missing-signature' });
  });

  it.each([
    ['a signature without v0=', { 'x-slack-signature': 'abc' }],
    ['no timestamp', { 'x-slack-request-timestamp': undefined }],
    ['a non-numeric timestamp', { 'x-slack-request-timestamp': 'yesterday' }],
  ])('reports %s as malformed', (_case, headers) => {
    expect(verify(withHeaders(signed(), headers))).toEqual({
      ok: false,
      reason: 'malformed-signature',
    });
  });

  it('rejects a tampered body', () => {
    const request = { ...signed(), rawBody: Buffer.from(body.toString().replace('deploy', 'rm')) };
    expect(verify(request)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('rejects a signed timestamp moved forward to dodge the tolerance', () => {
    const replayed = withHeaders(signed(SECRET, RECEIVED_AT_SECONDS - 3600), {
      'x-slack-request-timestamp': String(RECEIVED_AT_SECONDS),
    });
    expect(verify(replayed)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('rejects a genuine request older than the tolerance, and honours a wider one', () => {
    const old = signed(SECRET, RECEIVED_AT_SECONDS - 301);
    expect(verify(old)).toEqual({ ok: false, reason: 'stale-timestamp' });
    expect(verify(old, [SECRET], 900)).toEqual({ ok: true });
  });

  it('accepts a request signed with the older of two active secrets', () => {
    expect(verify(signed(OLD_SECRET), [SECRET, OLD_SECRET])).toEqual({ ok: true });
  });
});

describe('slack dedupKey, handshake, isRetry and eventType', () => {
  it('uses event_id, else the body digest', () => {
    expect(slackProvider.dedupKey(signed(), {})).toBe('Ev0LAN670R');
    const form = buildRequest('command=%2Fdeploy&text=prod', {});
    const digest = createHash('sha256').update('command=%2Fdeploy&text=prod').digest('hex');
    expect(slackProvider.dedupKey(form, {})).toBe(`sha256:${digest}`);
  });

  it('answers url_verification with the challenge as plain text', () => {
    const challenge = readSample(new URL('./samples/url-verification.json', import.meta.url));
    const request = signed(SECRET, RECEIVED_AT_SECONDS, challenge);
    expect(verify(request)).toEqual({ ok: true });
    expect(slackProvider.handshake?.(request, {})).toEqual({
      kind: 'respond',
      status: 200,
      contentType: 'text/plain',
      body: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
    });
  });

  it('lets events and form bodies through', () => {
    expect(slackProvider.handshake?.(signed(), {})).toBeUndefined();
    expect(slackProvider.handshake?.(buildRequest('payload=%7B%7D', {}), {})).toBeUndefined();
  });

  it('spots retries by X-Slack-Retry-Num', () => {
    expect(slackProvider.isRetry?.(signed())).toBe(false);
    const retry = withHeaders(signed(), {
      'x-slack-retry-num': '1',
      'x-slack-retry-reason': 'http_timeout',
    });
    expect(slackProvider.isRetry?.(retry)).toBe(true);
  });

  it("names an event_callback by its inner event's type", () => {
    const parsed: unknown = JSON.parse(body.toString());
    expect(slackProvider.eventType?.(signed(), parsed)).toBe('app_mention');
    expect(slackProvider.eventType?.(signed(), { type: 'url_verification' })).toBe(
      'url_verification',
    );
    expect(slackProvider.eventType?.(signed(), undefined)).toBeUndefined();
  });
});
