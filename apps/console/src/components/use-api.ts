import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  reload: () => void;
}

interface Result<T> {
  key: string;
  data?: T;
  error?: string;
}

/**
 * Loads `fetcher()` now, again whenever `deps` change, and every `everyMs` when given
 * (live pages); the last good data stays shown while a reload fails.
 */
export function useApi<T>(
  fetcher: () => Promise<T>,
  deps: readonly unknown[],
  everyMs?: number,
): Loaded<T> {
  const key = JSON.stringify(deps);
  const [result, setResult] = useState<Result<T>>();
  const [tick, setTick] = useState(0);
  const latest = useRef(fetcher);
  useEffect(() => {
    latest.current = fetcher;
  });

  useEffect(() => {
    let live = true;
    const load = () =>
      latest.current().then(
        (data) => live && setResult({ key, data }),
        (failure: unknown) =>
          live &&
          setResult((previous) => ({
            key,
            data: previous?.key === key ? previous.data : undefined,
            error: failure instanceof Error ? failure.message : String(failure),
          })),
      );
    void load();
    const timer = everyMs ? window.setInterval(() => void load(), everyMs) : undefined;
    return () => {
      live = false;
      if (timer) window.clearInterval(timer);
    };
  }, [key, tick, everyMs]);

  const reload = useCallback(() => setTick((value) => value + 1), []);
  const current = result?.key === key ? result : undefined;
  return { data: current?.data, error: current?.error, loading: !current, reload };
}
