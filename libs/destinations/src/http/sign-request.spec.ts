import { describe, expect, it } from '@jest/globals';
import { Webhook } from 'standardwebhooks';
import { signRequest } from './sign-request.js';

const current = 'whsec_aG9va2xpbmUtc2lnbmluZy10ZXN0LXNlY3JldC0zMg==';
const previous = 'whsec_cHJldmlvdXMtc2VjcmV0LWJlaW5nLXJvdGF0ZWQ=';

describe('signRequest', () => {
  it('signs exactly as the Standard Webhooks library does, once per secret', () => {
    const now = new Date('2026-12-01T12:00:00.750Z');
    for (const body of ['{"id":"evt_1"}', '{"name":"Zoë ✓ 日本"}', '']) {
      const headers = signRequest(
        { secret: current, previousSecrets: [previous] },
        'dlv_1',
        now,
        body,
      );
      expect(headers).toEqual({
        'webhook-id': 'dlv_1',
        'webhook-timestamp': String(Math.floor(now.getTime() / 1_000)),
        'webhook-signature': [current, previous]
          .map((secret) => new Webhook(secret).sign('dlv_1', now, body))
          .join(' '),
      });
    }
  });

  it('refuses a secret the library refuses', () => {
    expect(() =>
      signRequest({ secret: 'whsec_', previousSecrets: [] }, 'dlv_1', new Date(), '{}'),
    ).toThrow();
  });
});
