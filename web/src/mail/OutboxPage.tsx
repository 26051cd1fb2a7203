import { useMemo, useState, type FormEvent } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { describeError } from '../platform/errors';
import { useFormatters } from '../platform/format';
import { SelectField, StatusMessage, SubmitButton, TextField } from '../platform/forms';
import { LoadError, Loading } from '../platform/notices';
import { Page, focusSoon } from '../platform/page';
import { useResource } from '../platform/resource';
import { TableRegion } from '../platform/tables';
import {
  isOutboxStatus,
  outboxApi,
  outboxStatuses,
  type OutboxFilters,
  type OutboxMessage,
  type OutboxStatus,
} from './api';
import { MessageKind, OutboxStatusBadge } from './parts';

function readFilters(params: URLSearchParams): OutboxFilters {
  const filters: OutboxFilters = {};
  const status = params.get('status');
  if (isOutboxStatus(status)) filters.status = status;
  const to = params.get('to')?.trim();
  if (to) filters.to = to;
  return filters;
}

/** Where the detail view's "back" link returns to: the list with the same filters. */
export interface OutboxLocationState {
  from?: string;
}

export function OutboxPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  const filterKey = JSON.stringify(filters);
  const [first, reload] = useResource((signal) => outboxApi.list(filters, null, signal), [filterKey]);
  const [more, setMore] = useState<{ key: string; items: OutboxMessage[]; nextBefore: number | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const extra = more && more.key === filterKey ? more : null;
  const items = first.status === 'ready' ? [...first.data.items, ...(extra?.items ?? [])] : [];
  const nextBefore = extra ? extra.nextBefore : first.status === 'ready' ? first.data.nextBefore : null;

  async function loadOlder() {
    if (!nextBefore) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await outboxApi.list(filters, nextBefore);
      setMore({ key: filterKey, items: [...(extra?.items ?? []), ...page.items], nextBefore: page.nextBefore });
      setStatus(t('outbox.loadedMore', { count: page.items.length }));
      // Focus the first newly loaded message so reading carries on from there.
      if (page.items[0]) focusSoon(`outbox-row-${page.items[0].id}`);
    } catch (error) {
      setMoreError(describeError(error, t));
      focusSoon('outbox-older');
    } finally {
      setLoadingMore(false);
    }
  }

  return (
    <Page title={t('outbox.title')} intro={t('outbox.intro')}>
      <StatusMessage message={status} />
      <OutboxFilterForm
        key={filterKey}
        initial={filters}
        onApply={(next) => {
          const search = new URLSearchParams();
          if (next.status) search.set('status', next.status);
          const to = next.to?.trim();
          if (to) search.set('to', to);
          setParams(search);
          setMore(null);
          setStatus(null);
        }}
      />
      <section className="section" aria-labelledby="outbox-results-heading">
        <h2 id="outbox-results-heading">{t('outbox.resultsHeading')}</h2>
        {first.status === 'loading' ? <Loading /> : null}
        {first.status === 'error' ? <LoadError error={first.error} onRetry={reload} /> : null}
        {first.status === 'ready' ? (
          <>
            <TableRegion label={t('outbox.tableLabel')}>
              <table className="data-table data-table--outbox">
                <caption>{t('outbox.caption', { count: items.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('outbox.columns.subject')}</th>
                    <th scope="col">{t('outbox.columns.to')}</th>
                    <th scope="col">{t('outbox.columns.status')}</th>
                    <th scope="col">{t('outbox.columns.kind')}</th>
                    <th scope="col">{t('outbox.columns.createdAt')}</th>
                    <th scope="col">{t('outbox.columns.attempts')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.length === 0 ? (
                    <tr>
                      <td colSpan={6}>{t('outbox.empty')}</td>
                    </tr>
                  ) : null}
                  {items.map((message) => (
                    <OutboxRow key={message.id} message={message} />
                  ))}
                </tbody>
              </table>
            </TableRegion>
            {moreError ? (
              <div className="notice notice--error" role="alert">
                <p>{moreError}</p>
              </div>
            ) : null}
            {nextBefore ? (
              <div className="button-row">
                <button
                  type="button"
                  id="outbox-older"
                  className="button button--secondary"
                  disabled={loadingMore}
                  onClick={() => void loadOlder()}
                >
                  {loadingMore ? t('common.loading') : t('outbox.older')}
                </button>
              </div>
            ) : items.length > 0 ? (
              <p className="muted">{t('outbox.end')}</p>
            ) : null}
          </>
        ) : null}
      </section>
    </Page>
  );
}

function OutboxRow({ message }: { message: OutboxMessage }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const location = useLocation();
  const state: OutboxLocationState = { from: location.search };
  return (
    <tr id={`outbox-row-${message.id}`} tabIndex={-1}>
      <th scope="row">
        <Link to={`/outbox/${encodeURIComponent(message.id)}`} state={state}>
          <bdi>{message.subject}</bdi>
        </Link>
        {message.confidential ? <span className="tag">{t('outbox.confidential')}</span> : null}
      </th>
      <td>
        <span dir="ltr">{message.to}</span>
      </td>
      <td>
        <OutboxStatusBadge status={message.status} />
      </td>
      <td>
        <MessageKind kind={message.kind} />
      </td>
      <td>
        <time dateTime={message.createdAt}>{fmt.dateTime(message.createdAt)}</time>
      </td>
      <td>{message.attempts}</td>
    </tr>
  );
}

interface FilterDraft {
  status: OutboxStatus | '';
  to: string;
}

function OutboxFilterForm({ initial, onApply }: { initial: OutboxFilters; onApply(filters: OutboxFilters): void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<FilterDraft>({ status: initial.status ?? '', to: initial.to ?? '' });

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply({ ...(draft.status ? { status: draft.status } : {}), ...(draft.to.trim() ? { to: draft.to.trim() } : {}) });
  }

  const hasAny = Boolean(initial.status || initial.to);

  return (
    <section className="section" aria-labelledby="outbox-filters-heading">
      <h2 id="outbox-filters-heading">{t('outbox.filters.heading')}</h2>
      <form className="form card filters" noValidate onSubmit={submit} aria-labelledby="outbox-filters-heading">
        <div className="form-grid form-grid--filters">
          <SelectField
            id="outbox-status"
            label={t('outbox.filters.status')}
            value={draft.status}
            options={[
              { value: '', label: t('outbox.filters.anyStatus') },
              ...outboxStatuses.map((s) => ({ value: s, label: t(`outbox.status.${s}`) })),
            ]}
            onValueChange={(value) => setDraft((d) => ({ ...d, status: isOutboxStatus(value) ? value : '' }))}
          />
          <TextField
            id="outbox-to"
            label={t('outbox.filters.to')}
            hint={t('outbox.filters.toHint')}
            type="email"
            autoComplete="off"
            spellCheck={false}
            dir="ltr"
            maxLength={254}
            value={draft.to}
            onValueChange={(value) => setDraft((d) => ({ ...d, to: value }))}
          />
        </div>
        <div className="button-row">
          <SubmitButton busy={false}>{t('outbox.filters.apply')}</SubmitButton>
          {hasAny ? (
            <button type="button" className="button button--secondary" onClick={() => onApply({})}>
              {t('outbox.filters.clear')}
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
}
