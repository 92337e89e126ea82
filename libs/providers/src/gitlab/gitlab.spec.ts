import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { ProviderConfigurationError } from '../provider.js';
import { buildRequest } from '../testing/request-builder.js';
import { gitlabProvider } from './index.js';

const body = JSON.stringify({
  object_kind: 'merge_request',
  object_attributes: { iid: 1, action: 'merge' },
});
const request = (headers: Record<string, string | undefined>) => buildRequest(body, headers);
const verify = (token: string | undefined, secrets = ['token-current']) =>
  gitlabProvider.verify(request({ 'x-gitlab-token': token }), { secrets }, {});

describe('gitlab verify', () => {
  it('accepts the secret token, also the older of two during rotation', () => {
    expect(verify('token-current')).toEqual({ ok: true });
    expect(verify('token-previous', ['token-current', 'token-previous'])).toEqual({ ok: true });
  });

  it('rejects another token, a prefix of the token, and no token', () => {
    expect(verify('token-attacker')).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verify('token-curren')).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verify(undefined)).toEqual({ ok: false, reason: 'missing-signature' });
  });

  it('refuses to verify without a secret: a configuration mistake', () => {
    expect(() => verify('x', [])).toThrow(ProviderConfigurationError);
  });
});

describe('gitlab dedupKey and eventType', () => {
  it('keys by the event UUID, else the webhook UUID, else the body digest', () => {
    expect(
      gitlabProvider.dedupKey(
        request({ 'x-gitlab-event-uuid': 'e-1', 'x-gitlab-webhook-uuid': 'w-1' }),
        {},
      ),
    ).toBe('e-1');
    expect(gitlabProvider.dedupKey(request({ 'x-gitlab-webhook-uuid': 'w-1' }), {})).toBe('w-1');
    const digest = createHash('sha256').update(body).digest('hex');
    expect(gitlabProvider.dedupKey(request({}), {})).toBe(`sha256:${digest}`);
  });

  it('names an event by its kind and action', () => {
    expect(gitlabProvider.eventType?.(request({}), JSON.parse(body))).toBe('merge_request.merge');
    expect(gitlabProvider.eventType?.(request({}), { object_kind: 'push' })).toBe('push');
  });
});
