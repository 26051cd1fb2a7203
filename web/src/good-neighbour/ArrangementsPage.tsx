import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../platform/format';
import { FormActions, SelectField, StatusMessage, TextField } from '../platform/forms';
import { isolate } from '../platform/i18n';
import { Page } from '../platform/page';
import { PagedTable, useKeysetPages } from '../platform/paging';
import { goodNeighbourApi, type Arrangement, type ArrangementFilters } from './api';
import { ArrangementStatusBadge, isServing, nextVisitOf } from './parts';
import { ReportPanel } from './ReportPanel';

const statusChoices = ['active', 'ended', 'all'] as const;
type StatusChoice = (typeof statusChoices)[number];
const isStatusChoice = (value: string | null): value is StatusChoice => (statusChoices as readonly (string | null)[]).includes(value);

function readFilters(params: URLSearchParams): { status: StatusChoice; q: string } {
  const status = params.get('status');
  return { status: isStatusChoice(status) ? status : 'active', q: params.get('q')?.trim() ?? '' };
}

/** The scheme at a glance: what it has saved readers, and every arrangement, searchable. */
export function ArrangementsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const filterKey = JSON.stringify(filters);
  const query: ArrangementFilters = { status: filters.status, ...(filters.q && { q: filters.q }) };
  const paging = useKeysetPages({
    key: filterKey,
    fetchPage: (before: string | null, signal?: AbortSignal) => goodNeighbourApi.list(query, before, signal),
    rowId: (item) => `gn-row-${item.id}`,
    loadedMessage: (count) => t('goodNeighbour.list.loadedMore', { count }),
    olderButtonId: 'gn-older',
  });
  const { items, status } = paging;

  return (
    <Page title={t('goodNeighbour.title')} intro={t('goodNeighbour.intro')}>
      <StatusMessage message={status} />
      <p>
        <Link className="button" to="/good-neighbour/convert">
          {t('goodNeighbour.list.convert')}
        </Link>
      </p>
      <ReportPanel />
      <FilterForm
        key={filterKey}
        initial={filters}
        onApply={(next) => {
          const search = new URLSearchParams();
          if (next.status !== 'active') search.set('status', next.status);
          if (next.q.trim()) search.set('q', next.q.trim());
          setParams(search);
          paging.reset();
        }}
      />
      <section className="section" aria-labelledby="gn-results-heading">
        <h2 id="gn-results-heading">{t('goodNeighbour.list.resultsHeading')}</h2>
        <PagedTable
          paging={paging}
          caption={t(`goodNeighbour.list.caption.${filters.status}`, { count: items.length })}
          columns={[t('goodNeighbour.list.columns.reader'), t('goodNeighbour.list.columns.neighbours'), t('goodNeighbour.list.columns.nextVisit'), t('goodNeighbour.list.columns.started'), t('goodNeighbour.list.columns.status')]}
          empty={filters.q ? t('goodNeighbour.list.noMatch', { query: isolate(filters.q) }) : t('goodNeighbour.list.empty')}
          row={(arrangement) => <ArrangementRow key={arrangement.id} arrangement={arrangement} />}
          olderId="gn-older"
          olderLabel={t('goodNeighbour.list.older')}
          endMessage={t('goodNeighbour.list.end')}
        />
      </section>
    </Page>
  );
}

function ArrangementRow({ arrangement }: { arrangement: Arrangement }) {
  const { t } = useTranslation();
  const { date } = useFormatters();
  const next = nextVisitOf(arrangement);
  const names = arrangement.neighbours.filter(isServing).map((n) => n.name);
  return (
    <tr id={`gn-row-${arrangement.id}`} tabIndex={-1}>
      <th scope="row">
        <Link to={`/good-neighbour/arrangements/${arrangement.id}`}>
          <bdi>{arrangement.reader.name}</bdi>
        </Link>
        <span className="summary-list__note" dir="ltr">
          {arrangement.reader.cardNumber}
        </span>
      </th>
      <td>{names.length > 0 ? <bdi>{names.join(t('common.listSeparator'))}</bdi> : '—'}</td>
      <td>{next ? t('goodNeighbour.list.nextVisitBy', { date: date(next.date), name: isolate(next.name) }) : '—'}</td>
      <td>{date(arrangement.startedAt)}</td>
      <td>
        <ArrangementStatusBadge status={arrangement.status} />
      </td>
    </tr>
  );
}

function FilterForm({ initial, onApply }: { initial: { status: StatusChoice; q: string }; onApply(filters: { status: StatusChoice; q: string }): void }) {
  const { t } = useTranslation();
  const [statusChoice, setStatusChoice] = useState<StatusChoice>(initial.status);
  const [q, setQ] = useState(initial.q);

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply({ status: statusChoice, q });
  }

  return (
    <section className="section" aria-labelledby="gn-filters-heading">
      <h2 id="gn-filters-heading">{t('goodNeighbour.list.filtersHeading')}</h2>
      <form className="form card" role="search" noValidate onSubmit={submit} aria-labelledby="gn-filters-heading">
        <div className="form-grid form-grid--filters">
          <SelectField
            id="gn-filter-status"
            label={t('goodNeighbour.list.statusFilter')}
            value={statusChoice}
            onValueChange={(value) => setStatusChoice(isStatusChoice(value) ? value : 'active')}
            options={statusChoices.map((value) => ({ value, label: t(`goodNeighbour.list.statusChoice.${value}`) }))}
          />
          <TextField id="gn-filter-q" type="search" label={t('goodNeighbour.list.search')} hint={t('goodNeighbour.list.searchHint')} dir="auto" autoComplete="off" maxLength={200} value={q} onValueChange={setQ} />
        </div>
        <FormActions busy={false} submitLabel={t('goodNeighbour.list.apply')} />
      </form>
    </section>
  );
}
