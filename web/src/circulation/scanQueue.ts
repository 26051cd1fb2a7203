import { useRef, useState } from 'react';

/**
 * Runs desk scans one after another, in the order they were scanned. A scanner can send the next
 * barcode before the server has answered the last one; queuing it (rather than disabling the form
 * while a request is out) means no scan is ever silently dropped.
 */
export function useScanQueue() {
  const tail = useRef<Promise<void>>(Promise.resolve());
  const [waiting, setWaiting] = useState(0);

  const enqueue = (work: () => Promise<void>) => {
    setWaiting((count) => count + 1);
    tail.current = tail.current
      .then(work)
      .catch(() => undefined)
      .finally(() => setWaiting((count) => count - 1));
  };

  return { enqueue, working: waiting > 0 };
}
