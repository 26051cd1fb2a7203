import { useMemo, useState, type FormEvent } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../platform/auth';
import { CheckboxField, FormActions, StatusMessage, TextField } from '../platform/forms';
import { LoadError, Loading } from '../platform/notices';
import { Page } from '../platform/page';
import { useResource } from '../platform/resource';
import { canCatalogue, catalogueApi, isFormat, SEARCH_PAGE_SIZE, type FacetValue, type SearchFilters, type SearchResult } from './api';
import { FormatTag, languageName } from './parts';

function readFilters(params: URLSearchParams): SearchFilters {
  const page = Number(params.get('page'));
  return {
    q: params.get('q') ?? '',
    format: params.getAll('format').filter(isFormat),
    language: params.getAll('language').filter((code) => /^[a-z]{3}$/.test(code)),
    branchId: params.get('branchId') ?? '',
    availableNow: params.get('availableNow') === 'true',
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

function writeFilters(filters: SearchFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q.trim()) params.set('q', filters.q.trim());
  for (const format of filters.format) params.append('format', format);
  for (const language of filters.language) params.append('language', language);
  if (filters.branchId) params.set('branchId', filters.branchId);
  if (filters.availableNow) params.set('availableNow', 'true');
  if (filters.page > 1) params.set('page', String(filters.page));
  return params;
}

/** Where a record page's "back" link returns to: the search with the same query and filters. */
export interface CatalogueLocationState {
  from?: string;
}

export function CatalogueSearchPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  const key = writeFilters(filters).toString();
  const [result, reload] = useResource((signal) => catalogueApi.search(filters, signal), [key]);
  const { user } = useAuth();
  const apply = (next: Partial<SearchFilters>) => setParams(writeFilters({ ...filters, page: 1, ...next }));

  return (
    <Page title={t('catalogue.search.title')} intro={t('catalogue.search.intro')}>
      {user && canCatalogue(user.role) ? (
        <p>
          <Link className="button button--secondary" to="/catalogue/records/new">
            {t('cataloguing.new.link')}
          </Link>
        </p>
      ) : null}
      <SearchForm key={filters.q} initial={filters.q} onSearch={(q) => apply({ q })} />
      {result.status === 'ready' ? <StatusMessage message={resultSummary(result.data, t)} /> : null}
      {result.status === 'loading' ? <Loading /> : null}
      {result.status === 'error' ? <LoadError error={result.error} onRetry={reload} /> : null}
      {result.status === 'ready' ? (
        <div className="catalogue-layout">
          <Facets result={result.data} filters={filters} onChange={apply} />
          <Results result={result.data} filters={filters} onPage={(page) => setParams(writeFilters({ ...filters, page }))} />
        </div>
      ) : null}
    </Page>
  );
}

function resultSummary(result: SearchResult, t: TFunction): string {
  const count = result.totalIsEstimate ? t('catalogue.search.foundAbout', { count: result.total }) : t('catalogue.search.found', { count: result.total });
  return result.approximate ? `${count} ${t('catalogue.search.approximate', { words: result.closeSpellings.join(', ') })}` : count;
}

function SearchForm({ initial, onSearch }: { initial: string; onSearch(q: string): void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState(initial);
  function submit(event: FormEvent) {
    event.preventDefault();
    onSearch(q);
  }
  return (
    <div role="search" className="section">
      <form className="form card catalogue-search" noValidate onSubmit={submit} aria-label={t('catalogue.search.formLabel')}>
        <TextField
          id="catalogue-q"
          type="search"
          label={t('catalogue.search.query')}
          hint={t('catalogue.search.queryHint')}
          autoComplete="off"
          maxLength={200}
          value={q}
          onValueChange={setQ}
        />
        <FormActions busy={false} submitLabel={t('catalogue.search.submit')} />
      </form>
    </div>
  );
}

interface FacetsProps {
  result: SearchResult;
  filters: SearchFilters;
  onChange(next: Partial<SearchFilters>): void;
}

function toggled<T>(values: T[], value: T, on: boolean): T[] {
  return on ? [...values, value] : values.filter((v) => v !== value);
}

/** Facet values with the ones already chosen kept visible, even when they have no matches left. */
function withChosen(values: FacetValue[], chosen: string[]): FacetValue[] {
  const missing = chosen.filter((value) => !values.some((v) => v.value === value)).map((value) => ({ value, count: 0 }));
  return [...values, ...missing];
}

function Facets({ result, filters, onChange }: FacetsProps) {
  const { t, i18n } = useTranslation();
  const { facets } = result;
  const availableCount = facets.availability.find((f) => f.value === 'available')?.count ?? 0;
  const hasFilters = filters.format.length > 0 || filters.language.length > 0 || filters.branchId !== '' || filters.availableNow;
  return (
    <section className="catalogue-facets" aria-labelledby="catalogue-facets-heading">
      <h2 id="catalogue-facets-heading">{t('catalogue.facets.heading')}</h2>
      <fieldset className="facet">
        <legend>{t('catalogue.facets.availability')}</legend>
        <CheckboxField
          id="facet-available"
          label={t('catalogue.facets.availableNow', { count: availableCount })}
          checked={filters.availableNow}
          onCheckedChange={(on) => onChange({ availableNow: on })}
        />
      </fieldset>
      <fieldset className="facet">
        <legend>{t('catalogue.facets.format')}</legend>
        {withChosen(facets.format, filters.format).map((facet) => (
          <CheckboxField
            key={facet.value}
            id={`facet-format-${facet.value}`}
            label={t('catalogue.facets.value', { name: isFormat(facet.value) ? t(`catalogue.formats.${facet.value}`) : facet.value, count: facet.count })}
            checked={(filters.format as string[]).includes(facet.value)}
            onCheckedChange={(on) => onChange({ format: toggled(filters.format as string[], facet.value, on).filter(isFormat) })}
          />
        ))}
      </fieldset>
      <fieldset className="facet">
        <legend>{t('catalogue.facets.language')}</legend>
        {withChosen(facets.language, filters.language).map((facet) => (
          <CheckboxField
            key={facet.value}
            id={`facet-language-${facet.value}`}
            label={t('catalogue.facets.value', { name: languageName(facet.value, i18n.language), count: facet.count })}
            checked={filters.language.includes(facet.value)}
            onCheckedChange={(on) => onChange({ language: toggled(filters.language, facet.value, on) })}
          />
        ))}
      </fieldset>
      <fieldset className="facet">
        <legend>{t('catalogue.facets.branch')}</legend>
        {facets.branch.map((facet) => (
          <CheckboxField
            key={facet.value}
            id={`facet-branch-${facet.value}`}
            label={t('catalogue.facets.value', { name: facet.label ?? facet.value, count: facet.count })}
            checked={filters.branchId === facet.value}
            onCheckedChange={(on) => onChange({ branchId: on ? facet.value : '' })}
          />
        ))}
      </fieldset>
      {hasFilters ? (
        <button type="button" className="button button--secondary" onClick={() => onChange({ format: [], language: [], branchId: '', availableNow: false })}>
          {t('catalogue.facets.clear')}
        </button>
      ) : null}
    </section>
  );
}

function Results({ result, filters, onPage }: { result: SearchResult; filters: SearchFilters; onPage(page: number): void }) {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const state: CatalogueLocationState = { from: location.search };
  const pages = Math.max(1, Math.ceil(result.total / SEARCH_PAGE_SIZE));
  return (
    <section className="catalogue-results" aria-labelledby="catalogue-results-heading">
      <h2 id="catalogue-results-heading">{t('catalogue.search.resultsHeading')}</h2>
      {result.items.length === 0 ? <p>{t('catalogue.search.empty')}</p> : null}
      <ol className="result-list">
        {result.items.map((record) => (
          <li key={record.id} className="result card">
            <h3 className="result__title">
              <Link to={`/catalogue/records/${encodeURIComponent(record.id)}`} state={state}>
                <bdi>{record.title}</bdi>
              </Link>
            </h3>
            {record.subtitle ? (
              <p className="result__subtitle">
                <bdi>{record.subtitle}</bdi>
              </p>
            ) : null}
            {record.authors.length > 0 ? (
              <p>
                <bdi>{record.authors.join(', ')}</bdi>
              </p>
            ) : null}
            <p className="result__meta">
              <FormatTag format={record.format} />
              {record.language ? <span>{languageName(record.language, i18n.language)}</span> : null}
              {record.publicationYear ? <span>{record.publicationYear}</span> : null}
              <span className={record.availableCount > 0 ? 'result__available' : 'muted'}>
                {filters.branchId ? t('catalogue.search.availableAtBranch', { count: record.availableCount }) : t('catalogue.search.available', { count: record.availableCount })}
              </span>
            </p>
          </li>
        ))}
      </ol>
      {pages > 1 ? (
        <nav className="pager" aria-label={t('catalogue.search.pages')}>
          <button type="button" className="button button--secondary" disabled={filters.page <= 1} onClick={() => onPage(filters.page - 1)}>
            {t('catalogue.search.previous')}
          </button>
          <span>{t('catalogue.search.pageOf', { page: filters.page, pages })}</span>
          <button type="button" className="button button--secondary" disabled={filters.page >= pages} onClick={() => onPage(filters.page + 1)}>
            {t('catalogue.search.next')}
          </button>
        </nav>
      ) : null}
    </section>
  );
}
