import { describe, expect, it } from '@jest/globals';
import { PROVIDER_NAMES, getProvider } from '../registry.js';
import { buildRequest } from './request-builder.js';
import { signWebhook } from './sign-webhook.js';
import { TEST_SIGNERS } from './test-signers.js';

const SECRETS: Record<string, [secret: string, another: string]> = {
  'standard-webhooks': [
    'whsec_aG9va2xpbmUtZGVtby1vbmx5LXNlY3JldC0zMmJ5dGU=',
    'whsec_YW5vdGhlci1zZWNyZXQtb2YtdGhpcnR5LXR3by1ieXQ=',
  ],
};
/** The settings each signer's scheme needs; the others verify with none. */
const SETTINGS: Record<string, unknown> = {
  'generic-hmac': {
    header: 'x-signature',
    algorithm: 'sha256',
    encoding: 'hex',
    prefix: 'sha256=',
  },
};

// Each signer against its own provider's adapter: what a test sends, ingest accepts.
describe('test signers', () => {
  it('has one for every provider of the registry', () => {
    expect(Object.keys(TEST_SIGNERS).sort()).toEqual([...PROVIDER_NAMES].sort());
  });

  it.each(PROVIDER_NAMES)('%s: a signed webhook verifies with its adapter', async (provider) => {
    const [secret, another] = SECRETS[provider] ?? [`${provider}-test-secret`, 'another-secret'];
    const signed = await signWebhook(provider, {
      secret,
      sourceId: 'src_1',
      publicBaseUrl: 'https://hooks.example.com/',
    });
    const adapter = getProvider(provider);
    const settings = adapter.settingsSchema.parse(SETTINGS[provider] ?? {});
    const request = buildRequest(signed.body, signed.headers, {
      url: `/webhooks/${signed.sourceId}`,
      publicUrl: `https://hooks.example.com/webhooks/${signed.sourceId}`,
      receivedAt: new Date(),
    });
    expect(adapter.verify(request, { secrets: [secret] }, settings)).toEqual({ ok: true });
    expect(adapter.verify(request, { secrets: [another] }, settings)).toMatchObject({
      ok: false,
    });
    expect(signed.headers['content-type']).toBe('application/json');
  });

  it('makes the ids a provider dedups by fresh, so two sends are two events', async () => {
    for (const provider of ['stripe', 'slack', 'hubspot', 'paddle', 'github', 'shopify']) {
      const sign = () => signWebhook(provider, { secret: 's', sourceId: 'src_1' });
      const [first, second] = [await sign(), await sign()];
      const adapter = getProvider(provider);
      const keyOf = (signed: typeof first) =>
        adapter.dedupKey(buildRequest(signed.body, signed.headers), {});
      expect(keyOf(first)).not.toBe(keyOf(second));
    }
  });

  it('sends a named sample and its type headers, and extra headers on top', async () => {
    const signed = await signWebhook('github', {
      secret: 's',
      sourceId: 'src_1',
      sample: 'push',
      headers: { 'x-extra': '1' },
    });
    expect(signed.headers).toMatchObject({ 'x-github-event': 'push', 'x-extra': '1' });
    await expect(
      signWebhook('github', { secret: 's', sourceId: 'x', sample: 'nope' }),
    ).rejects.toThrow('github has no sample named nope');
    await expect(signWebhook('paypal', { secret: 's', sourceId: 'x' })).rejects.toThrow(
      'no signer for paypal',
    );
  });
});
