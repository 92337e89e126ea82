import { Injectable } from '@nestjs/common';
import redact from '@pinojs/redact';
import { HooklineConfigService } from '@hookline/runtime';

export const REDACTED = '[redacted]';

/**
 * Hides the fields `operator.redact` names (its provider's paths and its source's) in
 * what the API shows of a webhook: the raw body, and each canonical event's `data`.
 * A body that is not JSON (or form fields) while paths apply is withheld whole.
 */
@Injectable()
export class BodyRedactor {
  constructor(private readonly config: HooklineConfigService) {}

  pathsFor(sourceId: string, provider: string): string[] {
    const { redact: paths } = this.config.current.operator;
    const byProvider = (paths.providers as Record<string, readonly string[] | undefined>)[provider];
    return [...(byProvider ?? []), ...(paths.sources[sourceId] ?? [])];
  }

  /** The body as text, redacted. */
  body(sourceId: string, provider: string, contentType: string, body: Buffer): string {
    const paths = this.pathsFor(sourceId, provider);
    const text = body.toString('utf8');
    if (paths.length === 0) return text;
    const type = contentType.split(';')[0]?.trim().toLowerCase();
    if (type === 'application/x-www-form-urlencoded') {
      const fields = Object.fromEntries(new URLSearchParams(text));
      const redacted = this.value(paths, fields) as Record<string, string>;
      return new URLSearchParams(redacted).toString();
    }
    try {
      return JSON.stringify(this.value(paths, JSON.parse(text) as unknown));
    } catch {
      return REDACTED;
    }
  }

  /** A copy of `value` with the paths censored (non-objects pass through). */
  value(paths: readonly string[], value: unknown): unknown {
    if (paths.length === 0 || typeof value !== 'object' || value === null) return value;
    const censor = redact({ paths: [...paths], censor: REDACTED });
    return JSON.parse(censor(structuredClone(value)) as string) as unknown;
  }
}
