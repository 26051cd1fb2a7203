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

interface DataTableProps {
  /** The caption, also naming the scrollable region. */
  caption: string;
  /** Region label when it should differ from the caption, e.g. to say it scrolls sideways. */
  regionLabel?: string;
  columns: string[];
  className?: string;
  children: ReactNode;
}

/** A data table with its caption and column headers, inside a sideways-scrolling region. */
export function DataTable({ caption, regionLabel, columns, className, children }: DataTableProps) {
  return (
    <TableRegion label={regionLabel ?? caption}>
      <table className={className ? `data-table ${className}` : 'data-table'}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </TableRegion>
  );
}
