import { isWithinTolerance, parseEpoch } from '../freshness.js';
import { type ProviderAdapter, rejected, verified } from '../provider.js';
import { ToleranceSettings } from '../settings.js';
import { slackMappings } from './mappings.js';
import { computeHmac, decodeSignature, matchesAnySecret } from '../signature.js';
import {
  bodyDigestKey,
  isRecord,
  readHeader,
  readJsonObject,
  readStringField,
} from '../webhook-request.js';

export const SlackSettings = ToleranceSettings;
export type SlackSettings = ToleranceSettings;

const SIGNATURE_HEADER = 'x-slack-signature';
const TIMESTAMP_HEADER = 'x-slack-request-timestamp';
const RETRY_HEADER = 'x-slack-retry-num';
const SIGNATURE_PREFIX = 'v0=';

/**
 * Slack signing secrets, v0: `X-Slack-Signature: v0=<hex>` over
 * `v0:${X-Slack-Request-Timestamp}:${body}`. Events API bodies are JSON; slash commands
 * and interactivity send form bodies, which verify the same way.
 */
export const slackProvider: ProviderAdapter<SlackSettings> = {
  name: 'slack',
  // Slash commands and interactivity arrive form-encoded, the Events API as JSON.
  mediaTypes: ['application/json', 'application/x-www-form-urlencoded'],
  secretHeaders: [SIGNATURE_HEADER],
  settingsSchema: SlackSettings,

  verify(request, { secrets }, settings) {
    const header = readHeader(request, SIGNATURE_HEADER);
    if (!header) return rejected('missing-signature');
    const timestamp = readHeader(request, TIMESTAMP_HEADER);
    const signedAt = timestamp === undefined ? undefined : parseEpoch(timestamp);
    const signature = header.startsWith(SIGNATURE_PREFIX)
      ? decodeSignature(header.slice(SIGNATURE_PREFIX.length), 'hex', 'sha256')
      : undefined;
    if (!signature || signedAt === undefined) return rejected('malformed-signature');
    const matched = matchesAnySecret(
      secrets,
      (secret) => computeHmac('sha256', secret, [`v0:${timestamp}:`, request.rawBody]),
      [signature],
    );
    if (!matched) return rejected('bad-signature');
    if (!isWithinTolerance(signedAt * 1000, request.receivedAt, settings.toleranceSeconds)) {
      return rejected('stale-timestamp');
    }
    return verified;
  },

  /** Slack redelivers an event with the same `event_id`; other payloads have no id. */
  dedupKey(request) {
    const eventId = readStringField(readJsonObject(request.rawBody), 'event_id');
    return eventId ?? bodyDigestKey(request.rawBody);
  },

  /** When a Request URL is saved, Slack sends `url_verification` and expects its challenge back. */
  handshake(request) {
    const body = readJsonObject(request.rawBody);
    if (readStringField(body, 'type') !== 'url_verification') return undefined;
    const challenge = readStringField(body, 'challenge') ?? '';
    return { kind: 'respond', status: 200, contentType: 'text/plain', body: challenge };
  },

  isRetry(request) {
    return readHeader(request, RETRY_HEADER) !== undefined;
  },

  /** The inner event's type for `event_callback` (`message`, `app_mention`, ...), else the body's type. */
  eventType(_request, body) {
    const type = readStringField(body, 'type');
    if (type !== 'event_callback' || !isRecord(body)) return type;
    return readStringField(body['event'], 'type') ?? type;
  },

  mappings: slackMappings,

  /** Most Slack events happen in a channel of a workspace. */
  subjectOf({ payload }) {
    if (!isRecord(payload)) return undefined;
    const team = readStringField(payload, 'team_id');
    const channel = readStringField(payload['event'], 'channel');
    return team && channel ? `slack:${team}/${channel}` : undefined;
  },
};
