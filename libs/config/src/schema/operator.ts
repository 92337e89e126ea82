import { PROVIDER_NAMES, type ProviderName } from '@hookline/providers';
import redact from '@pinojs/redact';
import { z } from 'zod';
import { ConfigId } from './primitives.js';
import { SecretRef } from './secret-ref.js';
import { listAt, stringAt, whenObject } from './unique-ids.js';

/** Ordered: each role may do what the roles before it may. */
export const OPERATOR_ROLES = ['viewer', 'operator', 'admin'] as const;
export const OperatorRole = z.enum(OPERATOR_ROLES, {
  error: (issue) =>
    issue.input === undefined
      ? 'required'
      : `unknown role ${JSON.stringify(issue.input)}: expected one of ${OPERATOR_ROLES.join(', ')}`,
});
export type OperatorRole = z.output<typeof OperatorRole>;

export const MIN_TOKEN_SECRET_LENGTH = 24;

/**
 * A token's id is in the token string (`hl_<id>_<secret>`), so it has no `_`; a token
 * from the file has its name as id.
 */
export const OperatorTokenName = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,63}$/,
    'expected 1-64 lower-case letters, digits and "-", starting with a letter or digit',
  );

/** `["*"]` (every tenant, present and future) or a list of tenant ids. */
export const OperatorTenants = z
  .array(z.union([z.literal('*'), ConfigId]))
  .min(1, 'expected at least one tenant id, or "*"')
  .refine((tenants) => !tenants.includes('*') || tenants.length === 1, {
    message: '"*" stands alone: it already means every tenant',
  });

export const OperatorToken = z.strictObject({
  name: OperatorTokenName,
  role: OperatorRole,
  tenants: OperatorTenants,
  /** The secret part of `hl_<name>_<secret>`; only its sha256 is stored. */
  secret: SecretRef.refine(
    (text) => text.startsWith('env:') || text.length >= MIN_TOKEN_SECRET_LENGTH,
    `expected at least ${MIN_TOKEN_SECRET_LENGTH} characters`,
  ),
});

/**
 * Body fields hidden from operators, as paths into the JSON body: `a.b`, `a[*].b`,
 * `a.*`, `a["x-y"]`. Secret headers are never stored, so need no path.
 */
export const RedactionPath = z.string().superRefine((path, ctx) => {
  try {
    redact({ paths: [path] });
  } catch {
    ctx.addIssue({
      code: 'custom',
      input: path,
      message: 'expected a path such as data.object.email, items[*].card or data["x-id"]',
    });
  }
});

const PROVIDERS = PROVIDER_NAMES as [ProviderName, ...ProviderName[]];

export const Redaction = z.strictObject({
  /** Paths redacted in every webhook of a provider. */
  providers: z.partialRecord(z.enum(PROVIDERS), z.array(RedactionPath)).default({}),
  /** Paths redacted in the webhooks of one source (added to its provider's). */
  sources: z.record(ConfigId, z.array(RedactionPath)).default({}),
});

/** The operator API: who may call it, and what it shows of raw bodies. */
export const Operator = z
  .strictObject({
    tokens: z.array(OperatorToken).default([]),
    redact: Redaction.prefault({}),
  })
  .superRefine((operator: unknown, ctx) => {
    const seen = new Set<string>();
    listAt(operator, 'tokens').forEach((token, index) => {
      const name = stringAt(token, 'name');
      if (name === undefined) return;
      if (seen.has(name))
        ctx.addIssue({
          code: 'custom',
          path: ['tokens', index, 'name'],
          message: `duplicate token name "${name}"`,
        });
      seen.add(name);
    });
  }, whenObject);
