import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One sample webhook from `<provider>/samples/events/`, with the canonical events it must become. */
export interface EventSample {
  provider: string;
  name: string;
  headers: Record<string, string>;
  body: unknown;
  expect: { type: string; subject: string }[];
}

const SOURCE_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The event samples of a provider; none when its folder has no `samples/events/`. */
export function readEventSamples(provider: string): EventSample[] {
  const folder = join(SOURCE_ROOT, provider, 'samples', 'events');
  let files: string[];
  try {
    files = readdirSync(folder).filter((file) => file.endsWith('.json'));
  } catch {
    return [];
  }
  return files.sort().map((file) => {
    const sample = JSON.parse(readFileSync(join(folder, file), 'utf8')) as Omit<
      EventSample,
      'provider' | 'name' | 'headers'
    > & { headers?: Record<string, string> };
    return {
      provider,
      name: file.replace(/\.json$/, ''),
      ...sample,
      headers: sample.headers ?? {},
    };
  });
}

/**
 * The payloads of `<provider>/samples/*.json` (beside `samples/events/`), by file name,
 * for providers whose samples carry no expectations (Standard Webhooks, generic HMAC).
 */
export function readSamplePayloads(provider: string): { name: string; body: unknown }[] {
  const folder = join(SOURCE_ROOT, provider, 'samples');
  let files: string[];
  try {
    files = readdirSync(folder).filter((file) => file.endsWith('.json'));
  } catch {
    return [];
  }
  return files.sort().map((file) => ({
    name: file.replace(/\.json$/, ''),
    body: JSON.parse(readFileSync(join(folder, file), 'utf8')) as unknown,
  }));
}
