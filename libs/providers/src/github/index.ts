import { verifyBodySignature } from '../body-signature.js';
import { type ProviderAdapter } from '../provider.js';
import { NoSettings } from '../settings.js';
import { githubMappings } from './mappings.js';
import { bodyDigestKey, isRecord, readHeader, readStringField } from '../webhook-request.js';

export const GitHubSettings = NoSettings;
export type GitHubSettings = NoSettings;

const SIGNATURE_HEADER = 'x-hub-signature-256';
const SIGNATURE_PREFIX = 'sha256=';
const EVENT_HEADER = 'x-github-event';
const DELIVERY_HEADER = 'x-github-delivery';

/**
 * GitHub: `X-Hub-Signature-256: sha256=<hex>` over the body. GitHub signs no timestamp,
 * so replays are caught by the delivery id, not here.
 */
export const githubProvider: ProviderAdapter<GitHubSettings> = {
  name: 'github',
  // GitHub lets the hook owner pick form encoding.
  mediaTypes: ['application/json', 'application/x-www-form-urlencoded'],
  // The SHA-1 signature GitHub still sends beside the SHA-256 one.
  secretHeaders: [SIGNATURE_HEADER, 'x-hub-signature'],
  settingsSchema: GitHubSettings,

  verify(request, { secrets }) {
    return verifyBodySignature(request, secrets, {
      name: SIGNATURE_HEADER,
      prefix: SIGNATURE_PREFIX,
      encoding: 'hex',
    });
  },

  dedupKey(request) {
    return readHeader(request, DELIVERY_HEADER) ?? bodyDigestKey(request.rawBody);
  },

  /** GitHub sends `ping` when a webhook is created; it only wants a 2xx. */
  handshake(request) {
    if (readHeader(request, EVENT_HEADER) !== 'ping') return undefined;
    return { kind: 'respond', status: 200, contentType: 'application/json', body: '{"ok":true}' };
  },

  eventType(request, body) {
    const event = readHeader(request, EVENT_HEADER);
    if (!event) return undefined;
    const action = readStringField(body, 'action');
    return action ? `${event}.${action}` : event;
  },

  mappings: githubMappings,

  /** Most GitHub events are about a repository. */
  subjectOf({ payload }) {
    const name = isRecord(payload)
      ? readStringField(payload['repository'], 'full_name')
      : undefined;
    return name === undefined ? undefined : `github:${name}`;
  },
};
