import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from './errors';
import { ErrorNotice, LoadError, Loading } from './notices';
import { focusSoon } from './page';
import { useResource } from './resource';
import { DataTable, type DataTableProps } from './tables';

export interface KeysetPage<Item, Cursor> {
  items: Item[];
  nextBefore: Cursor | null;
}

interface Options<Item, Cursor> {
  /** Changes when the filters change; older pages of another key are dropped. */
  key: string;
  fetchPage: (before: Cursor | null, signal?: AbortSignal) => Promise<KeysetPage<Item, Cursor>>;
  /** The element id of an item's row, so reading carries on from the first newly loaded one. */
  rowId: (item: Item) => string;
  /** Message for the live region once older items arrive. */
  loadedMessage: (count: number) => string;
  olderButtonId: string;
}

/**
 * A newest-first list that loads older entries on request (keyset paging by `nextBefore`),
 * as the audit log and the outbox do.
 */
export function useKeysetPages<Item, Cursor>({ key, fetchPage, rowId, loadedMessage, olderButtonId }: Options<Item, Cursor>) {
  const { t } = useTranslation();
  const [first, reload] = useResource((signal) => fetchPage(null, signal), [key]);
  const [more, setMore] = useState<{ key: string; items: Item[]; nextBefore: Cursor | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const extra = more && more.key === key ? more : null;
  const items = first.status === 'ready' ? [...first.data.items, ...(extra?.items ?? [])] : [];
  const nextBefore = extra ? extra.nextBefore : first.status === 'ready' ? first.data.nextBefore : null;

  async function loadOlder() {
    if (nextBefore === null) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await fetchPage(nextBefore);
      setMore({ key, items: [...(extra?.items ?? []), ...page.items], nextBefore: page.nextBefore });
      setStatus(loadedMessage(page.items.length));
      if (page.items[0]) focusSoon(rowId(page.items[0]));
    } catch (error) {
      setMoreError(describeError(error, t));
      focusSoon(olderButtonId);
    } finally {
      setLoadingMore(false);
    }
  }

  function reset() {
    setMore(null);
    setStatus(null);
  }

  return { first, reload, items, nextBefore, loadOlder, loadingMore, moreError, status, reset };
}

/** The "older entries" button under a keyset-paged table, or a note that the list is complete. */
export function OlderEntries(props: {
  id: string;
  hasMore: boolean;
  isEmpty: boolean;
  loading: boolean;
  error: string | null;
  label: string;
  endMessage: string;
  onLoad: () => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <ErrorNotice message={props.error} />
      {props.hasMore ? (
        <div className="button-row">
          <button type="button" id={props.id} className="button button--secondary" disabled={props.loading} onClick={props.onLoad}>
            {props.loading ? t('common.loading') : props.label}
          </button>
        </div>
      ) : !props.isEmpty ? (
        <p className="muted">{props.endMessage}</p>
      ) : null}
    </>
  );
}

interface PagedTableProps<Item> extends Omit<DataTableProps, 'children'> {
  paging: ReturnType<typeof useKeysetPages<Item, unknown>>;
  /** Said in the table when the first page is empty. */
  empty: ReactNode;
  row(item: Item): ReactNode;
  olderId: string;
  olderLabel: string;
  endMessage: string;
}

/** A keyset-paged list as a table: loading, a failed first page, or the rows with the "older entries" button beneath. */
export function PagedTable<Item>({ paging, empty, row, olderId, olderLabel, endMessage, ...table }: PagedTableProps<Item>) {
  const { first, reload, items, nextBefore, loadingMore, moreError } = paging;
  if (first.status === 'loading') return <Loading />;
  if (first.status === 'error') return <LoadError error={first.error} onRetry={reload} />;
  return (
    <>
      <DataTable {...table}>
        {items.length === 0 ? (
          <tr>
            <td colSpan={table.columns.length}>{empty}</td>
          </tr>
        ) : null}
        {items.map(row)}
      </DataTable>
      <OlderEntries
        id={olderId}
        hasMore={nextBefore !== null}
        isEmpty={items.length === 0}
        loading={loadingMore}
        error={moreError}
        label={olderLabel}
        endMessage={endMessage}
        onLoad={() => void paging.loadOlder()}
      />
    </>
  );
}
