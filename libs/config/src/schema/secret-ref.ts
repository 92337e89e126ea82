import { z } from 'zod';

const ENV_PREFIX = 'env:';
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const STANDARD_WEBHOOKS_SECRET = /^whsec_[A-Za-z0-9+/]+={0,2}$/;

/**
 * A secret as written in the file: the value itself, or `env:NAME` to read it from the
 * environment when the file is loaded. After loading, every SecretRef holds the value.
 */
export const SecretRef = z
  .string()
  .min(1, 'expected a secret or env:NAME')
  .superRefine((text, ctx) => {
    if (text.startsWith(ENV_PREFIX) && !ENV_NAME.test(envName(text))) {
      ctx.addIssue({
        code: 'custom',
        message: `invalid environment variable name "${envName(text)}": expected letters, digits and "_"`,
        input: text,
      });
    }
  });

export function isEnvRef(text: string): boolean {
  return text.startsWith(ENV_PREFIX) && ENV_NAME.test(envName(text));
}

export function envName(ref: string): string {
  return ref.slice(ENV_PREFIX.length);
}

/** `whsec_` followed by base64 key bytes, as Standard Webhooks defines it. */
export function isStandardWebhooksSecret(secret: string): boolean {
  return (
    STANDARD_WEBHOOKS_SECRET.test(secret) &&
    Buffer.from(secret.slice('whsec_'.length), 'base64').length >= 16
  );
}

export const STANDARD_WEBHOOKS_SECRET_MESSAGE =
  'expected a Standard Webhooks secret: "whsec_" followed by at least 16 base64-encoded bytes';

/**
 * A destination's signing secret. The loader resolves `env:NAME` before validating, so values
 * from the environment are checked here too; only a missing variable stays a reference.
 */
export const StandardWebhooksSecretRef = SecretRef.refine(
  (text) => text.startsWith(ENV_PREFIX) || isStandardWebhooksSecret(text),
  STANDARD_WEBHOOKS_SECRET_MESSAGE,
);
