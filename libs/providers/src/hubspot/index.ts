import { z } from 'zod';
import { isWithinTolerance, parseEpoch } from '../freshness.js';
import {
  type ProviderAdapter,
  ProviderConfigurationError,
  type WebhookRequest,
  rejected,
  verified,
} from '../provider.js';
import { ToleranceSettings } from '../settings.js';
import { computeHmac, decodeSignature, matchesAnySecret } from '../signature.js';
import { bodyDigestKey, readHeader, readStringField } from '../webhook-request.js';

export const HubSpotSettings = ToleranceSettings.extend({
  /** Where HubSpot reaches Hookline, e.g. `https://hooks.example.com`; used when the request carries no `publicUrl`. */
  publicBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
});
export type HubSpotSettings = z.infer<typeof HubSpotSettings>;

const SIGNATURE_HEADER = 'x-hubspot-signature-v3';
const TIMESTAMP_HEADER = 'x-hubspot-request-timestamp';

/** The escapes HubSpot decodes in the URI before signing it; every other escape stays as sent. */
const DECODED_ESCAPES: Record<string, string> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};

/** The URI as HubSpot signed it: the full public URL with the escapes above decoded. */
export function signedUri(request: WebhookRequest, settings: HubSpotSettings): string {
  const base = settings.publicBaseUrl?.replace(/\/+$/, '');
  const uri = request.publicUrl ?? (base === undefined ? undefined : `${base}${request.url}`);
  if (uri === undefined) {
    throw new ProviderConfigurationError(
      'hubspot signs the full public URL: give the request a publicUrl or the source a publicBaseUrl setting.',
    );
  }
  return uri.replace(/%[0-9A-F]{2}/gi, (escape) => DECODED_ESCAPES[escape.toUpperCase()] ?? escape);
}

/**
 * HubSpot v3: `X-HubSpot-Signature-v3` = base64 HMAC-SHA256 of
 * `method + uri + body + X-HubSpot-Request-Timestamp` (milliseconds), keyed with the
 * app's client secret. HubSpot sends events in batches, so the body is the dedup key.
 */
export const hubspotProvider: ProviderAdapter<HubSpotSettings> = {
  name: 'hubspot',
  settingsSchema: HubSpotSettings,

  verify(request, { secrets }, settings) {
    const header = readHeader(request, SIGNATURE_HEADER);
    if (!header) return rejected('missing-signature');
    const timestamp = readHeader(request, TIMESTAMP_HEADER);
    const signedAtMs = timestamp === undefined ? undefined : parseEpoch(timestamp);
    const signature = decodeSignature(header, 'base64', 'sha256');
    if (!signature || signedAtMs === undefined) return rejected('malformed-signature');
    const uri = signedUri(request, settings);
    const matched = matchesAnySecret(
      secrets,
      (secret) =>
        computeHmac('sha256', secret, [`${request.method}${uri}`, request.rawBody, `${timestamp}`]),
      [signature],
    );
    if (!matched) return rejected('bad-signature');
    if (!isWithinTolerance(signedAtMs, request.receivedAt, settings.toleranceSeconds)) {
      return rejected('stale-timestamp');
    }
    return verified;
  },

  dedupKey(request) {
    return bodyDigestKey(request.rawBody);
  },

  /** A batch is named by its first event's `subscriptionType`, e.g. `contact.propertyChange`. */
  eventType(_request, body) {
    return Array.isArray(body) ? readStringField(body[0], 'subscriptionType') : undefined;
  },
};
