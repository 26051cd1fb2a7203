import type { ReactNode } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isolate } from '../platform/i18n';
import { LoadError, Loading } from '../platform/notices';
import { Page } from '../platform/page';
import { useResource } from '../platform/resource';
import { TableRegion } from '../platform/tables';
import { catalogueApi, type RecordWithHoldings } from './api';
import type { CatalogueLocationState } from './CatalogueSearchPage';
import { FormatTag, ItemStatusBadge, languageName } from './parts';

/** One title: what it is, how many copies each branch has on the shelf, and every copy. */
export function RecordPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const location = useLocation();
  const from = (location.state as CatalogueLocationState | null)?.from;
  const backTo = `/catalogue${from && from.startsWith('?') ? from : ''}`;
  const [record, reload] = useResource((signal) => catalogueApi.record(id, signal), [id]);
  const title = record.status === 'ready' ? isolate(record.data.title) : t('catalogue.record.title');

  return (
    <Page title={title}>
      <p>
        <Link to={backTo}>{t('catalogue.record.back')}</Link>
      </p>
      {record.status === 'loading' ? <Loading /> : null}
      {record.status === 'error' ? <LoadError error={record.error} onRetry={reload} /> : null}
      {record.status === 'ready' ? (
        <>
          <RecordDetails record={record.data} />
          <Availability record={record.data} />
          <Items record={record.data} />
        </>
      ) : null}
    </Page>
  );
}

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function RecordDetails({ record }: { record: RecordWithHoldings }) {
  const { t, i18n } = useTranslation();
  const list = (values: string[]) => <bdi>{values.join('; ')}</bdi>;
  return (
    <section className="section" aria-labelledby="record-details-heading">
      <h2 id="record-details-heading">{t('catalogue.record.details')}</h2>
      <dl className="summary-list">
        {record.subtitle ? <Detail term={t('catalogue.record.subtitle')}><bdi>{record.subtitle}</bdi></Detail> : null}
        {record.authors.length > 0 ? <Detail term={t('catalogue.record.authors')}>{list(record.authors)}</Detail> : null}
        <Detail term={t('catalogue.record.format')}>
          <FormatTag format={record.format} />
        </Detail>
        {record.language ? <Detail term={t('catalogue.record.language')}>{languageName(record.language, i18n.language)}</Detail> : null}
        {record.audience ? <Detail term={t('catalogue.record.audience')}>{t(`catalogue.audiences.${record.audience}`)}</Detail> : null}
        {record.publisher || record.publicationYear ? (
          <Detail term={t('catalogue.record.published')}>
            <bdi>{[record.publisher, record.publicationYear].filter(Boolean).join(', ')}</bdi>
          </Detail>
        ) : null}
        {record.isbns.length > 0 ? (
          <Detail term={t('catalogue.record.isbns')}>
            <span dir="ltr">{record.isbns.join(', ')}</span>
          </Detail>
        ) : null}
        {record.subjects.length > 0 ? <Detail term={t('catalogue.record.subjects')}>{list(record.subjects)}</Detail> : null}
        {record.genres.length > 0 ? <Detail term={t('catalogue.record.genres')}>{list(record.genres)}</Detail> : null}
        {record.summary ? (
          <Detail term={t('catalogue.record.summary')}>
            <bdi>{record.summary}</bdi>
          </Detail>
        ) : null}
      </dl>
    </section>
  );
}

function Availability({ record }: { record: RecordWithHoldings }) {
  const { t } = useTranslation();
  return (
    <section className="section" aria-labelledby="record-availability-heading">
      <h2 id="record-availability-heading">{t('catalogue.record.availability')}</h2>
      {record.availability.length === 0 ? (
        <p>{t('catalogue.record.noCopies')}</p>
      ) : (
        <TableRegion label={t('catalogue.record.availabilityTable')}>
          <table className="data-table">
            <caption>{t('catalogue.record.availabilityCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('catalogue.record.columns.branch')}</th>
                <th scope="col">{t('catalogue.itemStatus.available')}</th>
                <th scope="col">{t('catalogue.itemStatus.on_loan')}</th>
                <th scope="col">{t('catalogue.itemStatus.on_hold_shelf')}</th>
                <th scope="col">{t('catalogue.itemStatus.in_transit')}</th>
                <th scope="col">{t('catalogue.record.columns.total')}</th>
              </tr>
            </thead>
            <tbody>
              {record.availability.map((branch) => (
                <tr key={branch.branchId}>
                  <th scope="row">
                    <bdi>{branch.branchName}</bdi>
                  </th>
                  <td>{branch.available}</td>
                  <td>{branch.onLoan}</td>
                  <td>{branch.onHoldShelf}</td>
                  <td>{branch.inTransit}</td>
                  <td>{branch.total}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </section>
  );
}

function Items({ record }: { record: RecordWithHoldings }) {
  const { t } = useTranslation();
  if (record.items.length === 0) return null;
  return (
    <section className="section" aria-labelledby="record-items-heading">
      <h2 id="record-items-heading">{t('catalogue.record.items')}</h2>
      <TableRegion label={t('catalogue.record.itemsTable')}>
        <table className="data-table">
          <caption>{t('catalogue.record.itemsCaption', { count: record.items.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('catalogue.record.columns.barcode')}</th>
              <th scope="col">{t('catalogue.record.columns.branch')}</th>
              <th scope="col">{t('catalogue.record.columns.status')}</th>
              <th scope="col">{t('catalogue.record.columns.shelf')}</th>
              <th scope="col">{t('catalogue.record.columns.itemType')}</th>
            </tr>
          </thead>
          <tbody>
            {record.items.map((item) => (
              <tr key={item.id}>
                <th scope="row">
                  <span dir="ltr">{item.barcode}</span>
                </th>
                <td>
                  <bdi>{item.branchName}</bdi>
                </td>
                <td>
                  <ItemStatusBadge status={item.status} />
                </td>
                <td>{item.shelfLocation ? <bdi>{item.shelfLocation}</bdi> : <span className="muted">{t('catalogue.record.noShelf')}</span>}</td>
                <td>
                  <bdi>{item.itemTypeName}</bdi>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </section>
  );
}
