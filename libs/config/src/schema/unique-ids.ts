import { type z } from 'zod';
import { formatConfigPath } from '../config-path.js';

// Cross-field rules run even when some fields are invalid (`when` below), so that one pass
// reports everything; they read the partial data defensively.

/** Runs a refinement whenever the value is at least an object. */
export const whenObject = {
  when: (payload: { value: unknown }) => isRecord(payload.value),
};

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The items of `holder[key]` when it is a list, else none. */
export function listAt(holder: unknown, key: string): unknown[] {
  const list = isRecord(holder) ? holder[key] : undefined;
  return Array.isArray(list) ? list : [];
}

/** `item[key]` when it is a string. */
export function stringAt(item: unknown, key: string): string | undefined {
  const value = isRecord(item) ? item[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** Reports the second and later use of an id (in `items`, or already in `seen`) at its `id`. */
export function reportDuplicateIds(
  items: readonly unknown[],
  what: string,
  path: (index: number) => PropertyKey[],
  ctx: z.RefinementCtx,
  seen = new Map<string, PropertyKey[]>(),
): void {
  items.forEach((item, index) => {
    const id = stringAt(item, 'id');
    if (id === undefined) return;
    const first = seen.get(id);
    if (first) {
      ctx.addIssue({
        code: 'custom',
        path: [...path(index), 'id'],
        message: `duplicate ${what} id "${id}" (first used at ${formatConfigPath(first)})`,
      });
    } else {
      seen.set(id, [...path(index), 'id']);
    }
  });
}
