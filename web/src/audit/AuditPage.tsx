import { useMemo, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { noErrors, type FormErrors } from '../platform/errors';
import { useFormatters } from '../platform/format';
import { ErrorSummary, SelectField, StatusMessage, SubmitButton, TextField } from '../platform/forms';
import { Page } from '../platform/page';
import { PagedTable, useKeysetPages } from '../platform/paging';
import { useResource } from '../platform/resource';
import { staffApi } from '../staff/api';
import { auditApi, type AuditEntry, type AuditFilters } from './api';

const filterKeys = ['action', 'entityType', 'entityId', 'actorId', 'from', 'to'] as const;
type FilterKey = (typeof filterKeys)[number];

function readFilters(params: URLSearchParams): AuditFilters {
  const filters: AuditFilters = {};
  for (const key of filterKeys) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  return filters;
}

export function AuditPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  const filterKey = JSON.stringify(filters);
  const paging = useKeysetPages({
    key: filterKey,
    fetchPage: (before: string | null, signal?: AbortSignal) => auditApi.list(filters, before, signal),
    rowId: (item) => `audit-entry-${item.id}`,
    loadedMessage: (count) => t('audit.loadedMore', { count }),
    olderButtonId: 'audit-older',
  });
  const { items, status } = paging;

  const [staff] = useResource((signal) => staffApi.list(true, signal), []);
  const actors = staff.status === 'ready' ? staff.data.items : [];

  return (
    <Page title={t('audit.title')} intro={t('audit.intro')}>
      <StatusMessage message={status} />
      <AuditFilterForm
        key={filterKey}
        initial={filters}
        actors={actors.map((a) => ({ value: a.id, label: a.name }))}
        onApply={(next) => {
          const search = new URLSearchParams();
          for (const key of filterKeys) {
            const value = next[key]?.trim();
            if (value) search.set(key, value);
          }
          setParams(search);
          paging.reset();
        }}
      />
      <section className="section" aria-labelledby="audit-results-heading">
        <h2 id="audit-results-heading">{t('audit.resultsHeading')}</h2>
        <PagedTable
          paging={paging}
          caption={t('audit.caption', { count: items.length })}
          regionLabel={t('audit.tableLabel')}
          className="data-table--audit"
          columns={[t('audit.columns.at'), t('audit.columns.actor'), t('audit.columns.action'), t('audit.columns.entity'), t('audit.columns.ip'), t('audit.columns.details')]}
          empty={t('audit.empty')}
          row={(entry) => <AuditRow key={entry.id} entry={entry} />}
          olderId="audit-older"
          olderLabel={t('audit.older')}
          endMessage={t('audit.end')}
        />
      </section>
    </Page>
  );
}

function AuditRow({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  return (
    <tr id={`audit-entry-${entry.id}`} tabIndex={-1}>
      <td>
        <time dateTime={entry.at}>{fmt.dateTime(entry.at)}</time>
      </td>
      <td>{entry.actor ? <bdi>{entry.actor.name}</bdi> : <span className="muted">{t('audit.system')}</span>}</td>
      <td>
        <code dir="ltr">{entry.action}</code>
      </td>
      <td>
        <code dir="ltr">{entry.entityType}</code>
        {entry.entityId ? (
          <>
            <br />
            <span className="muted id" dir="ltr">
              {entry.entityId}
            </span>
          </>
        ) : null}
      </td>
      <td>
        {entry.ip ? (
          <span dir="ltr" className="id">
            {entry.ip}
          </span>
        ) : (
          '—'
        )}
      </td>
      <td>
        <AuditDetails details={entry.details} />
      </td>
    </tr>
  );
}

function AuditDetails({ details }: { details: unknown }) {
  if (details === null || details === undefined) return <>—</>;
  if (typeof details !== 'object' || Array.isArray(details)) {
    return <code dir="ltr">{JSON.stringify(details)}</code>;
  }
  const entries = Object.entries(details as Record<string, unknown>);
  if (entries.length === 0) return <>—</>;
  return (
    <dl className="details-list" dir="ltr">
      {entries.map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

interface AuditFilterFormProps {
  initial: AuditFilters;
  actors: { value: string; label: string }[];
  onApply(filters: AuditFilters): void;
}

function AuditFilterForm({ initial, actors, onApply }: AuditFilterFormProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Record<FilterKey, string>>({
    action: initial.action ?? '',
    entityType: initial.entityType ?? '',
    entityId: initial.entityId ?? '',
    actorId: initial.actorId ?? '',
    from: initial.from ?? '',
    to: initial.to ?? '',
  });
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const set = (key: FilterKey) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));
  const ids = {
    action: 'audit-action',
    entityType: 'audit-entity-type',
    entityId: 'audit-entity-id',
    actorId: 'audit-actor',
    from: 'audit-from',
    to: 'audit-to',
  };
  const labels = {
    action: t('audit.filters.action'),
    entityType: t('audit.filters.entityType'),
    entityId: t('audit.filters.entityId'),
    actorId: t('audit.filters.actor'),
    from: t('audit.filters.from'),
    to: t('audit.filters.to'),
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    if (draft.from && draft.to && draft.from > draft.to) {
      setErrors({ message: null, fields: { to: t('audit.filters.toBeforeFrom') } });
      return;
    }
    setErrors(noErrors);
    onApply(draft);
  }

  const hasAny = Object.values(initial).some(Boolean);

  return (
    <section className="section" aria-labelledby="audit-filters-heading">
      <h2 id="audit-filters-heading">{t('audit.filters.heading')}</h2>
      <ErrorSummary errors={errors} fieldIds={ids} fieldLabels={labels} />
      <form className="form card filters" noValidate onSubmit={submit} aria-labelledby="audit-filters-heading">
        <div className="form-grid form-grid--filters">
          <TextField
            id={ids.action}
            label={labels.action}
            hint={t('audit.filters.actionHint')}
            dir="ltr"
            spellCheck={false}
            value={draft.action}
            onValueChange={set('action')}
          />
          <TextField
            id={ids.entityType}
            label={labels.entityType}
            hint={t('audit.filters.entityTypeHint')}
            dir="ltr"
            spellCheck={false}
            value={draft.entityType}
            onValueChange={set('entityType')}
          />
          <TextField
            id={ids.entityId}
            label={labels.entityId}
            dir="ltr"
            spellCheck={false}
            value={draft.entityId}
            onValueChange={set('entityId')}
          />
          {actors.length > 0 || draft.actorId ? (
            <SelectField
              id={ids.actorId}
              label={labels.actorId}
              value={draft.actorId}
              options={[{ value: '', label: t('audit.filters.anyone') }, ...actors]}
              onValueChange={set('actorId')}
            />
          ) : null}
          <TextField
            id={ids.from}
            label={labels.from}
            type="date"
            value={draft.from}
            onValueChange={set('from')}
            error={errors.fields.from}
          />
          <TextField
            id={ids.to}
            label={labels.to}
            type="date"
            value={draft.to}
            onValueChange={set('to')}
            error={errors.fields.to}
          />
        </div>
        <div className="button-row">
          <SubmitButton busy={false}>{t('audit.filters.apply')}</SubmitButton>
          {hasAny ? (
            <button
              type="button"
              className="button button--secondary"
              onClick={() => onApply({})}
            >
              {t('audit.filters.clear')}
            </button>
          ) : null}
        </div>
      </form>
    </section>
  );
}
