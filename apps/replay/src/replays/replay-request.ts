import { z } from 'zod';

const offset = z
  .union([z.string().regex(/^\d+$/, 'expected a non-negative integer'), z.number().int().min(0)])
  .transform(String);
const time = z.iso.datetime({ offset: true, error: 'expected an ISO 8601 time' });
const common = {
  dryRun: z.boolean().optional(),
  /** Records per second. */
  rate: z.number().int().positive().optional(),
};

export const DeadLetterReplayRequest = z.strictObject({
  kind: z.literal('dead-letters'),
  filter: z.strictObject({
    tenant: z.string().min(1).optional(),
    stage: z.string().min(1).optional(),
    errorClass: z.string().min(1).optional(),
    destination: z.string().min(1).optional(),
    topic: z.string().min(1).optional(),
    from: time.optional(),
    to: time.optional(),
    ids: z
      .array(z.string().regex(/^\d+$/, 'dead-letter ids are digits'))
      .min(1)
      .max(10_000)
      .optional(),
  }),
  ...common,
  force: z.boolean().optional(),
});

export const OffsetRangeReplayRequest = z.strictObject({
  kind: z.literal('offset-range'),
  topic: z.string().min(1),
  partition: z.number().int().min(0),
  fromOffset: offset,
  toOffset: offset,
  ...common,
  force: z.boolean().optional(),
});

export const TimeRangeReplayRequest = z.strictObject({
  kind: z.literal('time-range'),
  topic: z.string().min(1),
  partition: z.number().int().min(0).optional(),
  from: time,
  to: time,
  ...common,
  force: z.boolean().optional(),
});

export const RawRedriveRequest = z.strictObject({
  kind: z.literal('raw-redrive'),
  sourceId: z.string().min(1),
  from: time,
  to: time,
  ...common,
});

/** The body of `POST /api/v1/replays`: one of four kinds. */
export const ReplayRequest = z
  .discriminatedUnion('kind', [
    DeadLetterReplayRequest,
    OffsetRangeReplayRequest,
    TimeRangeReplayRequest,
    RawRedriveRequest,
  ])
  .superRefine((request, ctx) => {
    if ('fromOffset' in request && BigInt(request.fromOffset) > BigInt(request.toOffset))
      ctx.addIssue({ code: 'custom', path: ['fromOffset'], message: 'must not be after toOffset' });
    const window = request.kind === 'dead-letters' ? request.filter : request;
    if (
      'from' in window &&
      window.from &&
      'to' in window &&
      window.to &&
      Date.parse(window.from) >= Date.parse(window.to)
    )
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'must be before to' });
  });
export type ReplayRequest = z.infer<typeof ReplayRequest>;
