import { useRef, useState, type FormEvent, type RefObject } from 'react';

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

  /** A scan form's submit handler: takes the field's value, clears it for the next scan at once and queues `work` on it. */
  const submitScan =
    (value: string, clear: () => void, field: RefObject<HTMLInputElement | null>, work: (scanned: string) => Promise<void>) => (event: FormEvent) => {
      event.preventDefault();
      const scanned = value.trim();
      if (!scanned) return;
      clear();
      field.current?.focus();
      enqueue(() => work(scanned));
    };

  return { enqueue, submitScan, working: waiting > 0 };
}
