import { z } from 'zod';
import { isWithinTolerance, parseEpoch } from '../freshness.js';
import {
  type ProviderAdapter,
  ProviderConfigurationError,
  type WebhookRequest,
  rejected,
  verified,
} from '../provider.js';
import { type ProviderEvent } from '../canonical/event-mapping.js';
import { ToleranceSettings } from '../settings.js';
import { hubspotHydrator } from './hydration.js';
import { hubspotMappings } from './mappings.js';
import { computeHmac, decodeSignature, matchesAnySecret } from '../signature.js';
import { createHash } from 'node:crypto';
import { bodyDigestKey, isRecord, readHeader, readStringField } from '../webhook-request.js';

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
 * app's client secret. HubSpot sends events in batches of up to 100 items.
 */
export const hubspotProvider: ProviderAdapter<HubSpotSettings> = {
  name: 'hubspot',
  mediaTypes: ['application/json'],
  // v1 and v2 signatures, which HubSpot may still send beside v3.
  secretHeaders: [SIGNATURE_HEADER, 'x-hubspot-signature'],
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

  /**
   * HubSpot's retries may change the body (`attemptNumber`), but not the items' `eventId`s:
   * the batch is named by them, so a redelivered batch is a duplicate.
   */
  dedupKey(request) {
    const ids = batchOf(parseJson(request.rawBody))
      .map((item) => (isRecord(item) ? item['eventId'] : undefined))
      .filter((id) => typeof id === 'number' || typeof id === 'string')
      .map(String);
    if (ids.length === 0) return bodyDigestKey(request.rawBody);
    const digest = createHash('sha256')
      .update([...new Set(ids)].sort().join(','))
      .digest('hex');
    return `hubspot-events:${digest}`;
  },

  /** A batch is named by its first event's `subscriptionType`, e.g. `contact.propertyChange`. */
  eventType(_request, body) {
    return Array.isArray(body) ? readStringField(body[0], 'subscriptionType') : undefined;
  },

  /** One event per item of the batch, each with its own type and `eventId`. */
  events(_request, body): ProviderEvent[] {
    return batchOf(body).map((item) => {
      const eventId = isRecord(item) ? item['eventId'] : undefined;
      return {
        providerType: readStringField(item, 'subscriptionType') ?? 'webhook',
        externalId:
          typeof eventId === 'number' || typeof eventId === 'string' ? String(eventId) : undefined,
        payload: item,
      };
    });
  },

  mappings: hubspotMappings,

  hydrator: hubspotHydrator,

  subjectOf({ providerType, payload }) {
    if (!isRecord(payload)) return undefined;
    const { portalId, objectId } = payload;
    const objectType = providerType.split('.')[0];
    return typeof objectId === 'number' && typeof portalId === 'number'
      ? `hubspot:${portalId}/${objectType}/${objectId}`
      : undefined;
  },
};

function parseJson(rawBody: Buffer): unknown {
  try {
    return JSON.parse(rawBody.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** HubSpot posts a JSON array; anything else is one event of its own. */
function batchOf(body: unknown): unknown[] {
  if (Array.isArray(body)) return body.length > 0 ? body : [body];
  return [body];
}
