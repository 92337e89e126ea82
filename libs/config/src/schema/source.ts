import {
  getProvider,
  HYDRATED_PROVIDER_NAMES,
  PROVIDER_NAMES,
  type ProviderName,
} from '@hookline/providers';
import { z } from 'zod';
import { SourceHydration } from './hydration.js';
import { ConfigId, Duration, RateLimit } from './primitives.js';
import { SecretRef } from './secret-ref.js';

/** The provider registry is the one list of providers; configuration follows it. */
const PROVIDERS = PROVIDER_NAMES as [ProviderName, ...ProviderName[]];

export const DEFAULT_MAX_BODY_BYTES = 1_048_576;
export const MAX_SECRETS_PER_SOURCE = 5;

/** Where webhooks of one provider arrive (`POST /webhooks/{id}`). */
export const Source = z
  .strictObject({
    id: ConfigId,
    provider: z.enum(PROVIDERS, {
      error: (issue) =>
        issue.input === undefined
          ? 'required'
          : `unknown provider ${JSON.stringify(issue.input)}: expected one of ${PROVIDERS.join(', ')}`,
    }),
    /** Newest first; several while a secret is being rotated. */
    secrets: z
      .array(SecretRef)
      .min(1, 'expected at least one secret')
      .max(
        MAX_SECRETS_PER_SOURCE,
        `expected at most ${MAX_SECRETS_PER_SOURCE} secrets (keep only those still in use)`,
      ),
    /** Provider-specific; the provider adapter validates them. */
    settings: z.record(z.string(), z.unknown()).optional(),
    maxBodyBytes: z.number().int().positive().default(DEFAULT_MAX_BODY_BYTES),
    /** From the headers to the last body byte; default ingest's `HOOKLINE_HTTP_BODY_TIMEOUT_MS`. */
    bodyTimeout: Duration.optional(),
    rateLimit: RateLimit.optional(),
    /** Fetch the full objects of thin webhooks from the provider's API before normalising. */
    hydrate: SourceHydration.optional(),
  })
  // Each provider validates its own settings, reported under this source's `settings`.
  .superRefine((source, ctx) => {
    if (source.hydrate && !getProvider(source.provider).hydrator) {
      ctx.addIssue({
        code: 'custom',
        path: ['hydrate'],
        message: `provider ${source.provider} has no hydrator: hydrate is for ${HYDRATED_PROVIDER_NAMES.join(', ')} sources`,
      });
    }
    const parsed = getProvider(source.provider).settingsSchema.safeParse(source.settings ?? {});
    if (parsed.success) return;
    for (const issue of parsed.error.issues) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: ['settings', ...issue.path] });
    }
  });
