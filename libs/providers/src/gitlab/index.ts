import { timingSafeEqual } from 'node:crypto';
import {
  type ProviderAdapter,
  ProviderConfigurationError,
  rejected,
  verified,
} from '../provider.js';
import { NoSettings } from '../settings.js';
import { bodyDigestKey, isRecord, readHeader, readStringField } from '../webhook-request.js';
import { gitlabMappings } from './mappings.js';

export const GitLabSettings = NoSettings;
export type GitLabSettings = NoSettings;

const TOKEN_HEADER = 'x-gitlab-token';
const EVENT_UUID_HEADER = 'x-gitlab-event-uuid';
const WEBHOOK_UUID_HEADER = 'x-gitlab-webhook-uuid';

/** Compares without leaking where two tokens differ; unequal lengths never match. */
function sameToken(expected: string, given: string): boolean {
  const [a, b] = [Buffer.from(expected), Buffer.from(given)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * GitLab: the webhook's secret token comes back verbatim in `X-Gitlab-Token` (GitLab
 * signs nothing). Every active secret is compared, in constant time; the body's
 * `object_kind` names the event.
 */
export const gitlabProvider: ProviderAdapter<GitLabSettings> = {
  name: 'gitlab',
  mediaTypes: ['application/json'],
  secretHeaders: [TOKEN_HEADER],
  settingsSchema: GitLabSettings,

  verify(request, { secrets }) {
    if (secrets.length === 0) throw new ProviderConfigurationError('gitlab needs a secret token.');
    const token = readHeader(request, TOKEN_HEADER);
    if (!token) return rejected('missing-signature');
    let matched = false;
    for (const secret of secrets) matched = sameToken(secret, token) || matched;
    return matched ? verified : rejected('bad-signature');
  },

  /** One event keeps its `X-Gitlab-Event-UUID` across retries; a webhook test has none. */
  dedupKey(request) {
    return (
      readHeader(request, EVENT_UUID_HEADER) ??
      readHeader(request, WEBHOOK_UUID_HEADER) ??
      bodyDigestKey(request.rawBody)
    );
  },

  /** `push`, `merge_request.open`, `issue.close`, ...: the kind, and the action when there is one. */
  eventType(_request, body) {
    const kind = readStringField(body, 'object_kind');
    if (!kind || !isRecord(body)) return kind;
    const action = readStringField(body['object_attributes'], 'action');
    return action ? `${kind}.${action}` : kind;
  },

  mappings: gitlabMappings,

  subjectOf({ payload }) {
    const path = isRecord(payload)
      ? readStringField(payload['project'], 'path_with_namespace')
      : undefined;
    return path === undefined ? undefined : `gitlab:${path}`;
  },
};
