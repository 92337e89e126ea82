import { z } from 'zod';

/** How far a signed timestamp may be from the moment the request arrived, either way. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** Settings of a provider whose signature covers a timestamp. */
export const ToleranceSettings = z.strictObject({
  toleranceSeconds: z.number().int().positive().optional(),
});
export type ToleranceSettings = z.infer<typeof ToleranceSettings>;

/** Settings of a provider with nothing to configure; strict, so a stray key is reported. */
export const NoSettings = z.strictObject({});
export type NoSettings = z.infer<typeof NoSettings>;
