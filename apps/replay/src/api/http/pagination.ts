import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** `cursor` (opaque, from the previous page's `nextCursor`) and `limit` (1..200, default 50). */
export const PageQuery = z.object({
  cursor: z
    .string({ error: 'expected one value' })
    .regex(/^[A-Za-z0-9_-]{1,512}$/, 'expected a cursor from a previous page')
    .optional(),
  limit: z
    .string({ error: 'expected one value' })
    .regex(/^\d+$/, `expected an integer from 1 to ${MAX_PAGE_SIZE}`)
    .transform(Number)
    .refine((n) => n >= 1 && n <= MAX_PAGE_SIZE, `expected an integer from 1 to ${MAX_PAGE_SIZE}`)
    .optional()
    .transform((n) => n ?? DEFAULT_PAGE_SIZE),
});
export type PageQuery = z.output<typeof PageQuery>;

/** What every listing answers. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Where the last item of a page sat in the listing's order: its time and id. */
export interface PagePosition {
  at: Date;
  id: string;
}

const Position = z.tuple([z.iso.datetime(), z.string().min(1)]);

export function encodeCursor(position: PagePosition): string {
  return Buffer.from(JSON.stringify([position.at.toISOString(), position.id])).toString(
    'base64url',
  );
}

/** 400 for anything `encodeCursor` did not make. */
export function decodeCursor(cursor: string | undefined): PagePosition | undefined {
  if (cursor === undefined) return undefined;
  try {
    const [at, id] = Position.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { at: new Date(at), id };
  } catch {
    throw new BadRequestException('cursor: expected a cursor from a previous page');
  }
}

/**
 * A page from `limit + 1` rows fetched in order: the extra row only says there is more.
 */
export function toPage<Row, Item>(
  rows: readonly Row[],
  limit: number,
  positionOf: (row: Row) => PagePosition,
  toItem: (row: Row) => Item,
): Page<Item> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(toItem),
    nextCursor: rows.length > limit && last ? encodeCursor(positionOf(last)) : null,
  };
}
