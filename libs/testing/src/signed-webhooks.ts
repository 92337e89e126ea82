// Genuine webhooks of every provider for tests.
import { createHmac, randomUUID } from 'node:crypto';
import { sign as signGithub } from '@octokit/webhooks-methods';
import { Webhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { readEventSamples } from '@hookline/providers/testing';

const stripeClient = new Stripe('sk_test_signing');

export interface SignedRequest {
  sourceId: string;
  headers: Record<string, string>;
  body: string;
}

const hmac = (secret: string, content: string, encoding: 'hex' | 'base64') =>
  createHmac('sha256', secret).update(content).digest(encoding);

const json = { 'content-type': 'application/json' };

export interface SigningOptions {
  /** The source's secret (for Standard Webhooks a `whsec_` one). */
  secret: string;
  sourceId: string;
  /** The body as JSON; by default the provider's `sample`, with fresh ids. */
  payload?: unknown;
  /**
   * A sample of the provider's folder (`samples/events/<name>.json`) whose body (unless
   * `payload` is given) and type headers (GitHub's event, Shopify's topic) are sent.
   */
  sample?: string;
  /** Unsigned headers to send as well (or instead), e.g. Shopify's `x-shopify-event-id`. */
  headers?: Record<string, string>;
  /** HubSpot signs the full URL it delivers to: ingest's public base URL. */
  publicBaseUrl?: string;
}

/**
 * A genuine webhook of `provider` for `sourceId`, signed with the providers' own libraries
 * where one exists (stripe, @octokit/webhooks-methods, standardwebhooks) and by each
 * provider's documented recipe otherwise.
 */
export async function signWebhook(
  provider: string,
  options: SigningOptions,
): Promise<SignedRequest> {
  const signed = await signedRequestOf(provider, options);
  return { ...signed, headers: { ...signed.headers, ...options.headers } };
}

async function signedRequestOf(
  provider: string,
  { secret, sourceId, payload: given, sample, publicBaseUrl = 'http://127.0.0.1' }: SigningOptions,
): Promise<SignedRequest> {
  const id = randomUUID();
  const now = Math.floor(Date.now() / 1_000);
  const chosen = sampleOf(provider, sample ?? DEFAULT_SAMPLES[provider]);
  const payload = given ?? (chosen ? freshIds(provider, chosen.body, id) : undefined);
  const sampleHeader = (name: string, fallback: string) => chosen?.headers[name] ?? fallback;
  switch (provider) {
    case 'stripe': {
      const body = JSON.stringify(payload);
      const signature = stripeClient.webhooks.generateTestHeaderString({
        payload: body,
        secret: secret,
      });
      return {
        sourceId,
        headers: { ...json, 'stripe-signature': signature },
        body,
      };
    }
    case 'github': {
      const body = JSON.stringify(payload);
      const signature = await signGithub(secret, body);
      const headers = {
        ...json,
        'x-hub-signature-256': signature,
        'x-github-delivery': id,
        'x-github-event': sampleHeader('x-github-event', 'pull_request'),
      };
      return { sourceId, headers, body };
    }
    case 'slack': {
      const body = JSON.stringify(payload);
      const signature = `v0=${hmac(secret, `v0:${now}:${body}`, 'hex')}`;
      const headers = {
        ...json,
        'x-slack-signature': signature,
        'x-slack-request-timestamp': String(now),
      };
      return { sourceId, headers, body };
    }
    case 'hubspot': {
      const target = sourceId;
      const body = JSON.stringify(payload);
      const timestamp = String(Date.now());
      const uri = `${publicBaseUrl.replace(/\/+$/, '')}/webhooks/${target}`;
      const signature = hmac(secret, `POST${uri}${body}${timestamp}`, 'base64');
      const headers = {
        ...json,
        'x-hubspot-signature-v3': signature,
        'x-hubspot-request-timestamp': timestamp,
      };
      return { sourceId: target, headers, body };
    }
    case 'shopify': {
      const body = JSON.stringify(payload);
      const headers = {
        ...json,
        'x-shopify-hmac-sha256': hmac(secret, body, 'base64'),
        'x-shopify-webhook-id': id,
        'x-shopify-event-id': `ev-${id}`,
        'x-shopify-topic': sampleHeader('x-shopify-topic', 'orders/create'),
      };
      return { sourceId, headers, body };
    }
    case 'standard-webhooks': {
      const body = JSON.stringify(payload ?? { type: 'user.created', data: { id: 'u1' } });
      const signature = new Webhook(secret).sign(id, new Date(now * 1_000), body);
      const headers = {
        ...json,
        'webhook-id': id,
        'webhook-timestamp': String(now),
        'webhook-signature': signature,
      };
      return { sourceId, headers, body };
    }
    case 'generic-hmac': {
      const body = JSON.stringify(payload ?? { kind: 'ping', n: id });
      const headers = {
        ...json,
        'x-signature': `sha256=${hmac(secret, body, 'hex')}`,
      };
      return { sourceId, headers, body };
    }
    case 'gitlab': {
      // GitLab signs nothing: it sends the webhook's secret token back.
      const body = JSON.stringify(payload);
      const headers = {
        ...json,
        'x-gitlab-token': secret,
        'x-gitlab-event': sampleHeader('x-gitlab-event', 'Push Hook'),
        'x-gitlab-event-uuid': id,
      };
      return { sourceId, headers, body };
    }
    case 'paddle': {
      const body = JSON.stringify(payload);
      const headers = {
        ...json,
        'paddle-signature': `ts=${now};h1=${hmac(secret, `${now}:${body}`, 'hex')}`,
      };
      return { sourceId, headers, body };
    }
    default:
      throw new Error(`no signer for ${provider}`);
  }
}

/** The sample each provider signs when a test names none. */
const DEFAULT_SAMPLES: Record<string, string> = {
  stripe: 'invoice-paid',
  github: 'pull-request-opened',
  slack: 'message',
  hubspot: 'contact-creation',
  shopify: 'orders-create',
  gitlab: 'merge-request-open',
  paddle: 'transaction-completed',
};

function sampleOf(provider: string, name: string | undefined) {
  if (name === undefined) return undefined;
  const found = readEventSamples(provider).find((sample) => sample.name === name);
  if (!found) throw new Error(`${provider} has no sample named ${name}`);
  return found;
}

/** A sample's body with the ids a provider dedups by replaced, so two sends are two events. */
function freshIds(provider: string, body: unknown, id: string): unknown {
  const copy = structuredClone(body) as Record<string, unknown> & Record<string, unknown>[];
  if (provider === 'stripe') copy['id'] = `evt_${id.replaceAll('-', '')}`;
  if (provider === 'slack') copy['event_id'] = `Ev${id.replaceAll('-', '')}`;
  if (provider === 'paddle') copy['event_id'] = `evt_${id.replaceAll('-', '')}`;
  if (provider === 'hubspot') {
    const base = Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);
    copy.forEach((item, index) => (item['eventId'] = base + index));
  }
  return copy;
}
