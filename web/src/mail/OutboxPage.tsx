import { useMemo, useState, type FormEvent } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../platform/auth';
import { describeError } from '../platform/errors';
import { useFormatters } from '../platform/format';
import { SelectField, StatusMessage, SubmitButton, TextField } from '../platform/forms';
import { Page } from '../platform/page';
import { PagedTable, useKeysetPages } from '../platform/paging';
import {
  canRetryMessages,
  isKnownKind,
  isOutboxStatus,
  knownKinds,
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
  const kind = params.get('kind');
  if (kind && isKnownKind(kind)) filters.kind = kind;
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
  const paging = useKeysetPages({
    key: filterKey,
    fetchPage: (before: number | null, signal?: AbortSignal) => outboxApi.list(filters, before, signal),
    rowId: (item) => `outbox-row-${item.id}`,
    loadedMessage: (count) => t('outbox.loadedMore', { count }),
    olderButtonId: 'outbox-older',
  });
  const { items, status } = paging;
  const { user } = useAuth();

  return (
    <Page title={t('outbox.title')} intro={t('outbox.intro')}>
      <StatusMessage message={status} />
      <OutboxFilterForm
        key={filterKey}
        initial={filters}
        onApply={(next) => {
          const search = new URLSearchParams();
          if (next.status) search.set('status', next.status);
          if (next.kind) search.set('kind', next.kind);
          const to = next.to?.trim();
          if (to) search.set('to', to);
          setParams(search);
          paging.reset();
        }}
      />
      {user && canRetryMessages(user.role) ? <RetryAllFailed
          onRetried={() => {
            paging.reset();
            paging.reload();
          }}
        /> : null}
      <section className="section" aria-labelledby="outbox-results-heading">
        <h2 id="outbox-results-heading">{t('outbox.resultsHeading')}</h2>
        <PagedTable
          paging={paging}
          caption={t('outbox.caption', { count: items.length })}
          regionLabel={t('outbox.tableLabel')}
          className="data-table--outbox"
          columns={[t('outbox.columns.subject'), t('outbox.columns.to'), t('outbox.columns.status'), t('outbox.columns.kind'), t('outbox.columns.createdAt'), t('outbox.columns.attempts'), t('outbox.columns.lastError')]}
          empty={t('outbox.empty')}
          row={(message) => <OutboxRow key={message.id} message={message} />}
          olderId="outbox-older"
          olderLabel={t('outbox.older')}
          endMessage={t('outbox.end')}
        />
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
      <td>{message.lastError ? <span dir="auto" className="break-anywhere">{message.lastError}</span> : null}</td>
    </tr>
  );
}

/** Puts every failed message back in the queue, e.g. once the mail server is back. */
function RetryAllFailed({ onRetried }: { onRetried(): void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function retryAll() {
    setBusy(true);
    setResult(null);
    setError(null);
    try {
      const { retried } = await outboxApi.retryAllFailed();
      setResult(retried === 0 ? t('outbox.retryAll.none') : t('outbox.retryAll.done', { count: retried }));
      onRetried();
    } catch (caught) {
      setError(describeError(caught, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="section" aria-labelledby="outbox-retry-all-heading">
      <h2 id="outbox-retry-all-heading">{t('outbox.retryAll.heading')}</h2>
      <p>{t('outbox.retryAll.intro')}</p>
      <StatusMessage message={result} />
      {error ? (
        <div className="notice notice--error" role="alert" id="outbox-retry-all-error">
          <p>{error}</p>
        </div>
      ) : null}
      <div className="button-row">
        <button type="button" id="outbox-retry-all" className="button" disabled={busy} aria-describedby={error ? 'outbox-retry-all-error' : undefined} onClick={() => void retryAll()}>
          {busy ? t('outbox.retryAll.busy') : t('outbox.retryAll.button')}
        </button>
      </div>
    </section>
  );
}

interface FilterDraft {
  status: OutboxStatus | '';
  kind: string;
  to: string;
}

function OutboxFilterForm({ initial, onApply }: { initial: OutboxFilters; onApply(filters: OutboxFilters): void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<FilterDraft>({ status: initial.status ?? '', kind: initial.kind ?? '', to: initial.to ?? '' });

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply({ ...(draft.status ? { status: draft.status } : {}), ...(draft.kind ? { kind: draft.kind } : {}), ...(draft.to.trim() ? { to: draft.to.trim() } : {}) });
  }

  const hasAny = Boolean(initial.status || initial.kind || initial.to);

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
          <SelectField
            id="outbox-kind"
            label={t('outbox.filters.kind')}
            value={draft.kind}
            options={[{ value: '', label: t('outbox.filters.anyKind') }, ...knownKinds.map((k) => ({ value: k, label: t(`outbox.kinds.${k}`) }))]}
            onValueChange={(value) => setDraft((d) => ({ ...d, kind: value }))}
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
