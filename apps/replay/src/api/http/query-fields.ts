import { z } from 'zod';

/** Query-string fields: one value each, with messages that say what was expected. */
export const QueryText = z
  .string({ error: 'expected one value' })
  .trim()
  .min(1, 'expected a non-empty value')
  .max(500, 'expected at most 500 characters');

export const QueryTime = z
  .string({ error: 'expected one value' })
  .refine((text) => z.iso.datetime({ offset: true }).safeParse(text).success, {
    message: 'expected an ISO 8601 time such as 2026-11-23T10:00:00Z',
  })
  .transform((text) => new Date(text));

/** `from`/`to`: a time range, from included, to excluded. */
export const TimeRange = z.object({ from: QueryTime.optional(), to: QueryTime.optional() });

export function checkTimeRange(range: { from?: Date; to?: Date }, ctx: z.RefinementCtx): void {
  if (range.from && range.to && range.from >= range.to)
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'expected a time after from' });
}
