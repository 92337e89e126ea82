import { randomUUID } from 'node:crypto';
import { readEventSamples } from './event-samples.js';
import { type SignedRequest, type SigningOptions } from './test-signer.js';
import { testSignerOf } from './test-signers.js';

/**
 * A genuine webhook of `provider` for `sourceId`, signed by the provider folder's test
 * signer: the provider's own library where one exists (stripe, @octokit/webhooks-methods,
 * standardwebhooks), its documented recipe otherwise.
 */
export async function signWebhook(
  provider: string,
  options: SigningOptions,
): Promise<SignedRequest> {
  const signer = testSignerOf(provider);
  const { secret, sourceId, payload: given, sample, publicBaseUrl = 'http://127.0.0.1' } = options;
  const id = randomUUID();
  const chosen = sampleOf(provider, sample ?? signer.defaultSample);
  const fresh = (body: unknown) => (signer.freshIds ? signer.freshIds(body, id) : body);
  const payload =
    given ?? (chosen ? fresh(structuredClone(chosen.body)) : signer.defaultPayload?.(id));
  const body = JSON.stringify(payload);
  const signed = await signer.sign({
    secret,
    sourceId,
    body,
    id,
    now: new Date(),
    sampleHeader: (name, fallback) => chosen?.headers[name] ?? fallback,
    publicBaseUrl: publicBaseUrl.replace(/\/+$/, ''),
  });
  return {
    sourceId,
    headers: { 'content-type': 'application/json', ...signed, ...options.headers },
    body,
  };
}

/** Each provider's samples, read once: a load driver signs thousands of webhooks a second. */
const samplesByProvider = new Map<string, ReturnType<typeof readEventSamples>>();

function sampleOf(provider: string, name: string | undefined) {
  if (name === undefined) return undefined;
  let samples = samplesByProvider.get(provider);
  if (!samples) {
    samples = readEventSamples(provider);
    samplesByProvider.set(provider, samples);
  }
  const found = samples.find((sample) => sample.name === name);
  if (!found) throw new Error(`${provider} has no sample named ${name}`);
  return found;
}
