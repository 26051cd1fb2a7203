import type { ReactNode } from 'react';

interface TableRegionProps {
  /** Names the scrollable region for assistive technology; usually the table's caption. */
  label: string;
  children: ReactNode;
}

/**
 * Wraps a table so that, on narrow screens, it scrolls sideways inside its own
 * keyboard-focusable region instead of widening the page.
 */
export function TableRegion({ label, children }: TableRegionProps) {
  return (
    <div className="table-region" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
