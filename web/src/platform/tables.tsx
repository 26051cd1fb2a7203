import type { ReactNode } from 'react';
import { LoadError, Loading } from './notices';
import type { Resource } from './resource';

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

export interface DataTableProps {
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

/** The API answers a list as the list itself or inside `items`. */
type Listing<I> = readonly I[] | { items: readonly I[] };

interface LoadedListProps<I> {
  resource: Resource<Listing<I>>;
  onRetry(): void;
  /** Said instead of the list when it loaded with nothing in it. */
  empty: ReactNode;
  children(items: readonly I[]): ReactNode;
}

/** A list that loads: a loading message, the error with a retry, what to say when it is empty, or the list. */
export function LoadedList<I>({ resource, onRetry, empty, children }: LoadedListProps<I>) {
  if (resource.status === 'loading') return <Loading />;
  if (resource.status === 'error') return <LoadError error={resource.error} onRetry={onRetry} />;
  const items = Array.isArray(resource.data) ? resource.data : (resource.data as { items: readonly I[] }).items;
  return items.length === 0 ? <p>{empty}</p> : children(items);
}

interface LoadedTableProps<I> extends Omit<LoadedListProps<I>, 'children'>, Omit<DataTableProps, 'children'> {
  /** The table's rows, one or more per item. */
  rows(items: readonly I[]): ReactNode;
}

/** A list that loads, shown as a data table once it has items. */
export function LoadedTable<I>({ resource, onRetry, empty, rows, ...table }: LoadedTableProps<I>) {
  return (
    <LoadedList resource={resource} onRetry={onRetry} empty={empty}>
      {(items) => <DataTable {...table}>{rows(items)}</DataTable>}
    </LoadedList>
  );
}
