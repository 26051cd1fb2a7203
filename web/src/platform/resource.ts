import { useCallback, useEffect, useRef, useState } from 'react';

export type Resource<T> =
  | { status: 'loading'; data?: undefined; error?: undefined }
  | { status: 'ready'; data: T; error?: undefined }
  | { status: 'error'; data?: undefined; error: unknown };

/**
 * Loads data for a screen and reloads it on demand or when `deps` (plain,
 * JSON-serialisable values) change. A newer load cancels an older one, so a slow
 * answer can never overwrite a fresher one. While reloading, the last data stays
 * on screen rather than flashing a loading message.
 */
export function useResource<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: readonly (string | number | boolean | null | undefined)[],
): [Resource<T>, () => void, (update: (current: T) => T) => void] {
  const [version, setVersion] = useState(0);
  const [result, setResult] = useState<{ key: string; state: Resource<T> } | null>(null);
  const loadRef = useRef(load);
  const key = `${JSON.stringify(deps)}#${version}`;

  useEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    const controller = new AbortController();
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setResult({ key, state: { status: 'ready', data } });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setResult({ key, state: { status: 'error', error } });
      },
    );
    return () => controller.abort();
  }, [key]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const update = useCallback((fn: (current: T) => T) => {
    setResult((current) =>
      current && current.state.status === 'ready'
        ? { ...current, state: { status: 'ready', data: fn(current.state.data) } }
        : current,
    );
  }, []);

  let state: Resource<T>;
  if (result && (result.key === key || result.state.status === 'ready')) state = result.state;
  else state = { status: 'loading' };
  return [state, reload, update];
}
