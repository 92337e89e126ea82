import { z } from 'zod';
import { ProviderConfigurationError } from '../provider.js';
import { isPlaceholder, placeholdersIn } from './signed-content.js';

export const DEFAULT_SIGNED_CONTENT = '{body}';

const headerName = z
  .string()
  .regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, 'must be an HTTP header name')
  .transform((name) => name.toLowerCase());

/** A provider without an adapter of its own, described by how it signs. */
export const GenericHmacSettings = z
  .strictObject({
    /** The header carrying the signature, e.g. `X-Signature`. */
    header: headerName,
    algorithm: z.enum(['sha1', 'sha256', 'sha512']),
    encoding: z.enum(['hex', 'base64']),
    /** Text before the signature in the header, e.g. `sha256=`. */
    prefix: z.string().min(1).optional(),
    /** What is signed; may use {body}, {timestamp}, {id}, {method}, {url}. Default `{body}`. */
    signedContent: z.string().min(1).optional(),
    /** Header holding the signed timestamp, epoch seconds. */
    timestampHeader: headerName.optional(),
    /** Header holding the delivery id: the dedup key, and {id} in the signed content. */
    idHeader: headerName.optional(),
    toleranceSeconds: z.number().int().positive().optional(),
  })
  .superRefine((settings, context) => {
    const used = placeholdersIn(settings.signedContent ?? DEFAULT_SIGNED_CONTENT);
    const problem = (path: string, message: string) =>
      context.addIssue({ code: 'custom', path: [path], message });
    for (const name of used.filter((name) => !isPlaceholder(name))) {
      problem(
        'signedContent',
        `unknown placeholder {${name}}; use {body}, {timestamp}, {id}, {method} or {url}`,
      );
    }
    if (!used.includes('body')) {
      problem('signedContent', 'must include {body}, or the body would go unprotected');
    }
    if (used.includes('timestamp') && !settings.timestampHeader) {
      problem('timestampHeader', 'is required when signedContent uses {timestamp}');
    }
    if (settings.timestampHeader && !used.includes('timestamp')) {
      problem(
        'signedContent',
        'must include {timestamp} when timestampHeader is set; an unsigned timestamp proves nothing',
      );
    }
    if (used.includes('id') && !settings.idHeader) {
      problem('idHeader', 'is required when signedContent uses {id}');
    }
    if (settings.toleranceSeconds !== undefined && !settings.timestampHeader) {
      problem('toleranceSeconds', 'has no effect without timestampHeader');
    }
  });
export type GenericHmacSettings = z.infer<typeof GenericHmacSettings>;

/** Validates settings, throwing an error that lists every problem. */
/** Each source's settings object is validated once, not on every request it signs. */
const validated = new WeakMap<object, GenericHmacSettings>();

export function parseGenericHmacSettings(input: unknown): GenericHmacSettings {
  const known = typeof input === 'object' && input !== null ? validated.get(input) : undefined;
  if (known) return known;
  const result = GenericHmacSettings.safeParse(input);
  if (!result.success) {
    throw new ProviderConfigurationError(
      `Invalid generic-hmac settings:\n${z.prettifyError(result.error)}`,
    );
  }
  if (typeof input === 'object' && input !== null) validated.set(input, result.data);
  return result.data;
}
