import { isWithinTolerance, parseEpoch } from '../freshness.js';
import { type ProviderAdapter, rejected, verified } from '../provider.js';
import { computeHmac, decodeSignature, matchesAnySecret } from '../signature.js';
import { bodyDigestKey, readHeader } from '../webhook-request.js';
import {
  DEFAULT_SIGNED_CONTENT,
  GenericHmacSettings,
  parseGenericHmacSettings,
} from './settings.js';
import { placeholdersIn, renderSignedContent } from './signed-content.js';

export { GenericHmacSettings, parseGenericHmacSettings } from './settings.js';

/**
 * Any provider that signs with a shared-secret HMAC, described by settings instead of code.
 * Settings are validated on first use of each settings object: a hand-built object that
 * skipped configuration loading fails loudly instead of failing every signature.
 */
export const genericHmacProvider: ProviderAdapter<GenericHmacSettings> = {
  name: 'generic-hmac',
  mediaTypes: 'any',
  // The configured header is per source: ingest drops it from the source's settings.
  secretHeaders: [],
  settingsSchema: GenericHmacSettings,

  verify(request, { secrets }, rawSettings) {
    const settings = parseGenericHmacSettings(rawSettings);
    const header = readHeader(request, settings.header);
    if (!header) return rejected('missing-signature');
    const prefix = settings.prefix ?? '';
    const signature = header.startsWith(prefix)
      ? decodeSignature(header.slice(prefix.length), settings.encoding, settings.algorithm)
      : undefined;
    const template = settings.signedContent ?? DEFAULT_SIGNED_CONTENT;
    const timestamp = settings.timestampHeader && readHeader(request, settings.timestampHeader);
    const signedAt = timestamp ? parseEpoch(timestamp) : undefined;
    const id = settings.idHeader && readHeader(request, settings.idHeader);
    const missingTimestamp = settings.timestampHeader !== undefined && signedAt === undefined;
    const missingId = !id && placeholdersIn(template).includes('id');
    if (!signature || missingTimestamp || missingId) return rejected('malformed-signature');
    const content = renderSignedContent(template, request, {
      timestamp: timestamp || undefined,
      id: id || undefined,
    });
    const matched = matchesAnySecret(
      secrets,
      (secret) => computeHmac(settings.algorithm, secret, content),
      [signature],
    );
    if (!matched) return rejected('bad-signature');
    if (
      signedAt !== undefined &&
      !isWithinTolerance(signedAt * 1000, request.receivedAt, settings.toleranceSeconds)
    ) {
      return rejected('stale-timestamp');
    }
    return verified;
  },

  dedupKey(request, rawSettings) {
    const { idHeader } = parseGenericHmacSettings(rawSettings);
    return (idHeader && readHeader(request, idHeader)) || bodyDigestKey(request.rawBody);
  },
};
