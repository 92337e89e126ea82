import { AsyncLocalStorage } from 'node:async_hooks';

/** What a log line knows about the record being handled when it is written. */
export interface LogContext {
  correlationId?: string;
  tenant?: string;
  eventId?: string;
  attempt?: number;
  destination?: string;
  topic?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/**
 * Runs `work` with `fields` added to every log line it writes, also across awaits; an
 * inner call adds to (and overrides) what an outer one bound. Undefined fields are left out.
 */
export function withLogContext<T>(fields: LogContext, work: () => T): T {
  const bound: LogContext = { ...storage.getStore() };
  for (const [key, value] of Object.entries(fields) as [keyof LogContext, unknown][])
    if (value !== undefined) (bound as Record<string, unknown>)[key] = value;
  return storage.run(bound, work);
}

/** The fields bound around the current code, if any. */
export function currentLogContext(): LogContext | undefined {
  return storage.getStore();
}
