import { useMemo, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../platform/auth';
import { CheckboxField, FormActions, SelectField, StatusMessage, TextField } from '../platform/forms';
import { LoadError, Loading } from '../platform/notices';
import { focusSoon, Page } from '../platform/page';
import { useResource } from '../platform/resource';
import { canEditDirectory, canImportDirectory, directoryApi, SEARCH_PAGE_SIZE, type DirectorySearch, type FoundService, type SearchPage } from './api';
import { referralFiguresText, ServiceBadges, termOptions, useLanguageNames } from './parts';

const RADII = ['1', '2', '5', '10', '25', '50'] as const;

function readSearch(params: URLSearchParams): DirectorySearch {
  const page = Number(params.get('page'));
  return {
    q: params.get('q') ?? '',
    termId: params.get('termId') ?? '',
    language: params.get('language') ?? '',
    postcode: params.get('postcode') ?? '',
    radiusKm: params.get('radiusKm') ?? '',
    age: params.get('age') ?? '',
    openNow: params.get('openNow') === 'true',
    acceptingReferrals: params.get('acceptingReferrals') === 'true',
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

function writeSearch(search: DirectorySearch): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['q', 'termId', 'language', 'postcode', 'radiusKm', 'age'] as const) {
    if (search[key].trim()) params.set(key, search[key].trim());
  }
  if (search.openNow) params.set('openNow', 'true');
  if (search.acceptingReferrals) params.set('acceptingReferrals', 'true');
  if (search.page > 1) params.set('page', String(search.page));
  return params;
}

export function DirectorySearchPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => readSearch(params), [params]);
  const key = writeSearch(search).toString();
  const [result, reload] = useResource((signal) => directoryApi.search(search, signal), [key]);

  return (
    <Page title={t('directory.search.title')} intro={t('directory.search.intro')}>
      {user && (canEditDirectory(user.role) || canImportDirectory(user.role)) ? (
        <p className="button-row">
          {canEditDirectory(user.role) ? (
            <Link className="button button--secondary" to="/directory/services/new">
              {t('directory.search.addService')}
            </Link>
          ) : null}
          {canImportDirectory(user.role) ? (
            <Link className="button button--secondary" to="/directory/import">
              {t('directory.import.link')}
            </Link>
          ) : null}
        </p>
      ) : null}
      <SearchForm key={key} initial={search} onSearch={(next) => setParams(writeSearch({ ...next, page: 1 }))} />
      {result.status === 'ready' ? <StatusMessage message={t('directory.search.found', { count: result.data.total })} /> : null}
      {result.status === 'loading' ? <Loading /> : null}
      {result.status === 'error' ? <LoadError error={result.error} onRetry={reload} /> : null}
      {result.status === 'ready' ? <Results result={result.data} page={search.page} onPage={(page) => setParams(writeSearch({ ...search, page }))} /> : null}
    </Page>
  );
}

function SearchForm({ initial, onSearch }: { initial: DirectorySearch; onSearch(search: DirectorySearch): void }) {
  const { t } = useTranslation();
  const languages = useLanguageNames();
  const [search, setSearch] = useState(initial);
  const [ageError, setAgeError] = useState<string | undefined>();
  const [taxonomies, reloadTaxonomies] = useResource((signal) => directoryApi.taxonomies(signal), []);
  const set = <K extends keyof DirectorySearch>(name: K) => (value: DirectorySearch[K]) => setSearch((current) => ({ ...current, [name]: value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const age = search.age.trim();
    if (age && !(/^\d{1,3}$/.test(age) && Number(age) <= 130)) {
      setAgeError(t('directory.search.ageInvalid'));
      focusSoon('directory-age');
      return;
    }
    setAgeError(undefined);
    onSearch(search);
  }

  return (
    <div role="search" className="section">
      <form className="form card" noValidate onSubmit={submit} aria-label={t('directory.search.formLabel')}>
        <TextField id="directory-q" type="search" label={t('directory.search.q')} hint={t('directory.search.qHint')} autoComplete="off" maxLength={200} value={search.q} onValueChange={set('q')} />
        <div className="form-grid form-grid--filters">
          {taxonomies.status === 'error' ? <LoadError error={taxonomies.error} onRetry={reloadTaxonomies} /> : null}
          <SelectField
            id="directory-term"
            label={t('directory.search.need')}
            value={search.termId}
            disabled={taxonomies.status !== 'ready'}
            options={[{ value: '', label: t('directory.search.anyNeed') }, ...(taxonomies.status === 'ready' ? termOptions(taxonomies.data.items) : [])]}
            onValueChange={set('termId')}
          />
          <SelectField
            id="directory-language"
            label={t('directory.search.language')}
            value={search.language}
            options={[{ value: '', label: t('directory.search.anyLanguage') }, ...languages.options(search.language ? [search.language] : [])]}
            onValueChange={set('language')}
          />
          <TextField id="directory-postcode" label={t('directory.search.postcode')} hint={t('directory.search.postcodeHint')} autoComplete="postal-code" autoCapitalize="characters" dir="ltr" maxLength={10} value={search.postcode} onValueChange={set('postcode')} />
          <SelectField
            id="directory-radius"
            label={t('directory.search.radius')}
            value={search.radiusKm}
            options={[{ value: '', label: t('directory.search.anyDistance') }, ...RADII.map((km) => ({ value: km, label: t('directory.search.withinKm', { count: Number(km) }) }))]}
            onValueChange={set('radiusKm')}
          />
          <TextField id="directory-age" label={t('directory.search.age')} hint={t('directory.search.ageHint')} inputMode="numeric" pattern="[0-9]*" dir="ltr" maxLength={3} value={search.age} error={ageError} onValueChange={set('age')} />
        </div>
        <fieldset className="radios">
          <legend>{t('directory.search.only')}</legend>
          <CheckboxField id="directory-open-now" label={t('directory.search.openNow')} checked={search.openNow} onCheckedChange={set('openNow')} />
          <CheckboxField id="directory-accepting" label={t('directory.search.acceptingReferrals')} checked={search.acceptingReferrals} onCheckedChange={set('acceptingReferrals')} />
        </fieldset>
        <FormActions busy={false} submitLabel={t('directory.search.submit')} />
      </form>
    </div>
  );
}

function Results({ result, page, onPage }: { result: SearchPage; page: number; onPage(page: number): void }) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(result.total / SEARCH_PAGE_SIZE));
  return (
    <section className="section" aria-labelledby="directory-results-heading">
      <h2 id="directory-results-heading">{t('directory.search.resultsHeading')}</h2>
      {result.items.length === 0 ? <p>{t('directory.search.empty')}</p> : null}
      <ol className="result-list">
        {result.items.map((service) => (
          <ResultCard key={service.id} service={service} />
        ))}
      </ol>
      {pages > 1 ? (
        <nav className="pager" aria-label={t('directory.search.pages')}>
          <button type="button" className="button button--secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
            {t('directory.search.previous')}
          </button>
          <span>{t('directory.search.pageOf', { page, pages })}</span>
          <button type="button" className="button button--secondary" disabled={page >= pages} onClick={() => onPage(page + 1)}>
            {t('directory.search.next')}
          </button>
        </nav>
      ) : null}
    </section>
  );
}

function ResultCard({ service }: { service: FoundService }) {
  const { t, i18n } = useTranslation();
  const languages = useLanguageNames();
  const distance = service.distanceKm === null ? null : new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 1 }).format(service.distanceKm);
  return (
    <li className="result card">
      <h3 className="result__title">
        <Link to={`/directory/services/${encodeURIComponent(service.id)}`}>
          <bdi>{service.name}</bdi>
        </Link>
      </h3>
      <p className="result__subtitle">
        <bdi>{service.organisation.name}</bdi>
      </p>
      <ServiceBadges service={service} />
      <p className="result__meta">
        {distance !== null ? <span>{t('directory.search.distance', { distance })}</span> : null}
        <span>{service.typicalResponseDays !== null ? t('directory.responseDays', { count: service.typicalResponseDays }) : t('directory.responseUnknown')}</span>
        <span>{referralFiguresText(service.referralFigures, t)}</span>
        {service.languages.length > 0 ? <span>{t('directory.search.inLanguages', { languages: languages.list(service.languages) })}</span> : null}
      </p>
    </li>
  );
}
