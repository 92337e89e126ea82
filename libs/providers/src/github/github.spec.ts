import { describe, expect, it } from '@jest/globals';
import { sign, verify as octokitVerify } from '@octokit/webhooks-methods';
import { createHash } from 'node:crypto';
import { type WebhookRequest } from '../provider.js';
import { buildRequest, readSample, withHeaders } from '../testing/request-builder.js';
import { githubProvider } from './index.js';

const SECRET = 'gh-current-secret';
const OLD_SECRET = 'gh-previous-secret';
const body = readSample(new URL('./samples/pull-request-opened.json', import.meta.url));
const payload = body.toString('utf8');

async function signedByOctokit(
  secret = SECRET,
  event = 'pull_request',
  signedBody: Buffer = body,
): Promise<WebhookRequest> {
  return buildRequest(signedBody, {
    'x-hub-signature-256': await sign(secret, signedBody.toString('utf8')),
    'x-github-event': event,
    'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958',
  });
}

const verify = (request: WebhookRequest, secrets = [SECRET]) =>
  githubProvider.verify(request, { secrets }, {});

describe('github verify', () => {
  it('accepts a request signed by @octokit/webhooks-methods', async () => {
    expect(verify(await signedByOctokit())).toEqual({ ok: true });
  });

  it("accepts GitHub's documented example delivery", () => {
    // From GitHub's "Validating webhook deliveries" documentation.
    const request = buildRequest('Hello, World!', {
      'x-hub-signature-256':
        'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
    });
    expect(verify(request, ["It's a Secret to Everybody"])).toEqual({ ok: true });
  });

  it('agrees with octokit on what it accepts', async () => {
    const genuine = await signedByOctokit();
    const forged = await signedByOctokit('attacker');
    for (const request of [genuine, forged]) {
      const header = request.headers['x-hub-signature-256'] ?? '';
      expect(verify(request).ok).toBe(await octokitVerify(SECRET, payload, header));
    }
  });

  it('rejects a request signed with another secret', async () => {
    expect(verify(await signedByOctokit('attacker'))).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('rejects a request without X-Hub-Signature-256', async () => {
    const request = withHeaders(await signedByOctokit(), { 'x-hub-signature-256': undefined });
    expect(verify(request)).toEqual({ ok: false, reason: 'missing-signature' });
  });

  it.each([['abc123'], ['sha1=757107ea0eb2509fc211221cce984b8a37570b6d'], ['sha256=zz']])(
    'reports %s as malformed',
    async (header) => {
      const request = withHeaders(await signedByOctokit(), { 'x-hub-signature-256': header });
      expect(verify(request)).toEqual({ ok: false, reason: 'malformed-signature' });
    },
  );

  it('rejects a tampered body', async () => {
    const request = await signedByOctokit();
    const tampered = { ...request, rawBody: Buffer.from(payload.replace('opened', 'closed')) };
    expect(verify(tampered)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('accepts a request signed with the older of two active secrets', async () => {
    expect(verify(await signedByOctokit(OLD_SECRET), [SECRET, OLD_SECRET])).toEqual({ ok: true });
  });
});

describe('github dedupKey, handshake and eventType', () => {
  it('uses X-GitHub-Delivery, else the body digest', async () => {
    const request = await signedByOctokit();
    expect(githubProvider.dedupKey(request, {})).toBe('72d3162e-cc78-11e3-81ab-4c9367dc0958');
    const withoutId = withHeaders(request, { 'x-github-delivery': undefined });
    const digest = createHash('sha256').update(body).digest('hex');
    expect(githubProvider.dedupKey(withoutId, {})).toBe(`sha256:${digest}`);
  });

  it('answers ping with 200 {"ok":true}', async () => {
    const ping = readSample(new URL('./samples/ping.json', import.meta.url));
    const request = await signedByOctokit(SECRET, 'ping', ping);
    expect(verify(request)).toEqual({ ok: true });
    expect(githubProvider.handshake?.(request, {})).toEqual({
      kind: 'respond',
      status: 200,
      contentType: 'application/json',
      body: '{"ok":true}',
    });
  });

  it('lets every other event through', async () => {
    expect(githubProvider.handshake?.(await signedByOctokit(), {})).toBeUndefined();
  });

  it('names the event with its action when there is one', async () => {
    const request = await signedByOctokit();
    expect(githubProvider.eventType?.(request, JSON.parse(payload))).toBe('pull_request.opened');
    const push = withHeaders(request, { 'x-github-event': 'push' });
    expect(githubProvider.eventType?.(push, { ref: 'refs/heads/main' })).toBe('push');
  });
});
