import { randomUUID } from 'node:crypto';
import { readEventSamples, readSamplePayloads, signWebhook } from '@hookline/providers/testing';

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

/**
 * One genuine, signed sample webhook of the source's provider: an event sample of
 * `<provider>/samples/events/` (the signer's default one, with fresh provider ids) or,
 * for providers without those, the first of `<provider>/samples/*.json`, marked with
 * a `demoId` so that a second run is not a duplicate of the first.
 */
export async function signDemoWebhook(signing: DemoSigning): Promise<DemoRequest> {
  const { provider, sourceId, secret, publicBaseUrl } = signing;
  const [plain] = readEventSamples(provider).length > 0 ? [] : readSamplePayloads(provider);
  const payload =
    plain && typeof plain.body === 'object' && plain.body !== null && !Array.isArray(plain.body)
      ? { ...plain.body, demoId: randomUUID() }
      : undefined;
  const { headers, body } = await signWebhook(provider, {
    secret,
    sourceId,
    publicBaseUrl,
    ...(payload ? { payload } : {}),
  });
  return { headers, body };
}
