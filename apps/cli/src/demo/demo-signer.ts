import { randomUUID } from 'node:crypto';
import { readEventSamples, readSamplePayloads } from '@hookline/providers/testing';

export interface DemoRequest {
  headers: Record<string, string>;
  body: string;
}

export interface DemoSigning {
  provider: string;
  sourceId: string;
  secret: string;
  /** HubSpot signs the full URL it delivers to. */
  publicBaseUrl: string;
}

type Signer = (
  provider: string,
  options: { secret: string; sourceId: string; publicBaseUrl: string; payload?: unknown },
) => Promise<DemoRequest>;

/**
 * The one place that knows where providers' signers live: beside the providers'
 * samples when they offer one, else with the test helpers. Loaded on first use, so
 * commands other than `demo` never load them.
 */
async function loadSigner(): Promise<Signer> {
  const beside = (await import('@hookline/providers/testing')) as Record<string, unknown>;
  if (typeof beside['signWebhook'] === 'function') return beside['signWebhook'] as Signer;
  const { signWebhook } = await import('@hookline/testing');
  return signWebhook;
}

/**
 * One genuine, signed sample webhook of the source's provider: an event sample of
 * `<provider>/samples/events/` (the signer's default one, with fresh provider ids) or,
 * for providers without those, the first of `<provider>/samples/*.json`, marked with
 * a `demoId` so that a second run is not a duplicate of the first.
 */
export async function signDemoWebhook(signing: DemoSigning): Promise<DemoRequest> {
  const sign = await loadSigner();
  const { provider, sourceId, secret, publicBaseUrl } = signing;
  const [plain] = readEventSamples(provider).length > 0 ? [] : readSamplePayloads(provider);
  const payload =
    plain && typeof plain.body === 'object' && plain.body !== null && !Array.isArray(plain.body)
      ? { ...plain.body, demoId: randomUUID() }
      : undefined;
  return sign(provider, { secret, sourceId, publicBaseUrl, ...(payload ? { payload } : {}) });
}
