import { type WebhookRequest } from '../provider.js';

export const PLACEHOLDERS = ['body', 'timestamp', 'id', 'method', 'url'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const PLACEHOLDER = /\{([^{}]*)\}/g;

/** The names a template refers to, known or not, in order. */
export function placeholdersIn(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
}

export function isPlaceholder(name: string): name is Placeholder {
  return (PLACEHOLDERS as readonly string[]).includes(name);
}

/**
 * The parts to sign, in order: literal text and values as strings, the body as its raw
 * bytes so it is never re-encoded. Values missing from the request sign as empty.
 */
export function renderSignedContent(
  template: string,
  request: WebhookRequest,
  values: { timestamp?: string; id?: string },
): (string | Buffer)[] {
  const parts: (string | Buffer)[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    parts.push(template.slice(last, match.index));
    last = match.index + match[0].length;
    const name = match[1];
    if (name === 'body') parts.push(request.rawBody);
    else if (name === 'method') parts.push(request.method);
    else if (name === 'url') parts.push(request.url);
    else if (name === 'timestamp') parts.push(values.timestamp ?? '');
    else if (name === 'id') parts.push(values.id ?? '');
  }
  parts.push(template.slice(last));
  return parts;
}
