import { useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../platform/auth';
import { EditingSection, StatusMessage } from '../platform/forms';
import { isolate } from '../platform/i18n';
import { LoadError, Loading } from '../platform/notices';
import { Detail, Page } from '../platform/page';
import { useResource } from '../platform/resource';
import { TableRegion } from '../platform/tables';
import { branchesApi } from '../organisation/api';
import { canCatalogue, catalogueApi, type CatalogueRecord, type Item, type RecordWithHoldings } from './api';
import type { CatalogueLocationState } from './CatalogueSearchPage';
import { ItemForm, type ItemFormChoices } from './ItemForm';
import { FormatTag, ItemStatusBadge, languageName } from './parts';
import { RecordForm } from './RecordForm';

/** How a record page was reached: from a search (to go back to it), or just after adding the record. */
export interface RecordLocationState extends CatalogueLocationState {
  created?: boolean;
}

const noChoices: ItemFormChoices = { branches: [], itemTypes: [] };

/** One title: what it is, how many copies each branch has on the shelf, and every copy. */
export function RecordPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const location = useLocation();
  const { user } = useAuth();
  const cataloguer = !!user && canCatalogue(user.role);
  const state = location.state as RecordLocationState | null;
  const from = state?.from;
  const backTo = `/catalogue${from && from.startsWith('?') ? from : ''}`;
  const [record, reload, update] = useResource((signal) => catalogueApi.record(id, signal), [id]);
  const [choices] = useResource(
    async (signal): Promise<ItemFormChoices> => {
      if (!cataloguer) return noChoices;
      const [branches, itemTypes] = await Promise.all([branchesApi.list(signal), catalogueApi.itemTypes(signal)]);
      return { branches: branches.items, itemTypes: itemTypes.items };
    },
    [cataloguer],
  );
  const [status, setStatus] = useState<string | null>(state?.created ? t('cataloguing.record.created') : null);
  const title = record.status === 'ready' ? isolate(record.data.title) : t('catalogue.record.title');
  const changed = (message: string) => {
    setStatus(message);
    reload();
  };

  return (
    <Page title={title}>
      <StatusMessage message={status} />
      <p>
        <Link to={backTo}>{t('catalogue.record.back')}</Link>
      </p>
      {record.status === 'loading' ? <Loading /> : null}
      {record.status === 'error' ? <LoadError error={record.error} onRetry={reload} /> : null}
      {record.status === 'ready' ? (
        <>
          <RecordDetails record={record.data} />
          {cataloguer ? (
            <EditRecordSection
              record={record.data}
              onSaved={(next) => {
                update((current) => ({ ...current, ...next }));
                setStatus(t('cataloguing.record.saved', { title: isolate(next.title) }));
              }}
            />
          ) : null}
          <Availability record={record.data} />
          <Items record={record.data} choices={cataloguer ? (choices.data ?? noChoices) : null} onChanged={changed} />
          {cataloguer ? (
            <AddCopySection
              record={record.data}
              choices={choices.data ?? noChoices}
              onAdded={(item) => changed(t('cataloguing.item.added', { barcode: item.barcode, branch: isolate(item.branchName) }))}
            />
          ) : null}
          {cataloguer && choices.status === 'error' ? <LoadError error={choices.error} /> : null}
        </>
      ) : null}
    </Page>
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

function EditRecordSection({ record, onSaved }: { record: CatalogueRecord; onSaved(record: CatalogueRecord): void }) {
  const { t } = useTranslation();
  return (
    <EditingSection
      id="record-edit-heading"
      heading={t('cataloguing.record.editHeading')}
      editLabel={t('cataloguing.record.edit')}
      form={(close) => (
        <RecordForm
          key={record.id}
          record={record}
          onCancel={close}
          onSaved={(next) => {
            onSaved(next);
            close();
          }}
        />
      )}
    />
  );
}

interface ItemsProps {
  record: RecordWithHoldings;
  /** Branches and item types to edit copies with; null for roles that only read the catalogue. */
  choices: ItemFormChoices | null;
  onChanged(message: string): void;
}

function Items({ record, choices, onChanged }: ItemsProps) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<Item | null>(null);
  const editButtons = useRef(new Map<string, HTMLButtonElement>());
  if (record.items.length === 0) return null;

  function finish(item: Item | null) {
    setEditing(null);
    if (item) requestAnimationFrame(() => editButtons.current.get(item.id)?.focus());
  }

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
              {choices ? <th scope="col">{t('cataloguing.item.actions')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {record.items.map((item) => (
              <tr key={item.id} aria-current={editing?.id === item.id ? 'true' : undefined}>
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
                {choices ? (
                  <td>
                    <button
                      type="button"
                      className="button button--small button--secondary"
                      aria-label={t('cataloguing.item.editFor', { barcode: item.barcode })}
                      ref={(el) => {
                        if (el) editButtons.current.set(item.id, el);
                        else editButtons.current.delete(item.id);
                      }}
                      onClick={() => setEditing(item)}
                    >
                      {t('common.edit')}
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      {choices && editing ? (
        <div className="subsection">
          <ItemForm
            key={editing.id}
            recordId={record.id}
            item={editing}
            choices={choices}
            onCancel={() => finish(editing)}
            onSaved={(item) => {
              onChanged(t('cataloguing.item.saved', { barcode: item.barcode }));
              finish(item);
            }}
          />
        </div>
      ) : null}
    </section>
  );
}

function AddCopySection({ record, choices, onAdded }: { record: RecordWithHoldings; choices: ItemFormChoices; onAdded(item: Item): void }) {
  const { t } = useTranslation();
  return (
    <section className="section" aria-labelledby="item-new-heading">
      <h2 id="item-new-heading">{t('cataloguing.item.addHeading')}</h2>
      <ItemForm recordId={record.id} item={null} choices={choices} onSaved={onAdded} />
    </section>
  );
}
