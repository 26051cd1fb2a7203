import { useRef, useState, type FormEvent } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '../platform/api';
import { can, useAuth } from '../platform/auth';
import { describeError } from '../platform/errors';
import { EditingSection, SelectField, StatusMessage, TextField } from '../platform/forms';
import { isolate } from '../platform/i18n';
import { ErrorNotice, LoadError, Loading } from '../platform/notices';
import { Detail, focusSoon, Page } from '../platform/page';
import { useResource } from '../platform/resource';
import { TableRegion } from '../platform/tables';
import { branchesApi } from '../organisation/api';
import { circulationApi, type HoldRequest } from '../circulation/api';
import { useMoney } from '../circulation/money';
import { membersApi, type Member } from '../members/api';
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
          {user && can.useDesk(user.role) ? <PlaceRequestSection record={record.data} /> : null}
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

const REQUEST_REFUSALS = ['member_not_found', 'record_not_found', 'branch_not_found', 'already_requested', 'member_blocked', 'member_expired', 'no_lending_policy'] as const;
type RequestRefusal = (typeof REQUEST_REFUSALS)[number];
const isRequestRefusal = (code: string): code is RequestRefusal => (REQUEST_REFUSALS as readonly string[]).includes(code);

/** Why a request was not placed, in the reader's language where the code is known. */
function requestRefusal(error: unknown, t: TFunction): string {
  if (error instanceof ApiError && isRequestRefusal(error.code)) return t(`placeRequest.errors.${error.code}`);
  // Looking a card up answers a plain 404 when no member holds it.
  if (error instanceof ApiError && error.status === 404) return t('placeRequest.errors.member_not_found');
  return describeError(error, t);
}

/**
 * Requests this title for a member: staff scan the card, the member's home branch is offered for
 * pickup, and the answer says the place in the queue and any fee. The card field is emptied for the
 * next member once a request is placed.
 */
function PlaceRequestSection({ record }: { record: RecordWithHoldings }) {
  const { t } = useTranslation();
  const money = useMoney();
  const [branches] = useResource((signal) => branchesApi.list(signal), []);
  const [currency] = useResource((signal) => circulationApi.currency(signal), []);
  const [card, setCard] = useState('');
  const [member, setMember] = useState<Member | null>(null);
  const [pickupBranchId, setPickupBranchId] = useState('');
  const [placed, setPlaced] = useState<HoldRequest | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const cardField = useRef<HTMLInputElement>(null);
  const currencyCode = currency.status === 'ready' ? currency.data.currency : null;
  const branchOptions = branches.status === 'ready' ? branches.data.items : [];

  const changeCard = (value: string) => {
    setCard(value);
    // A different card is a different member: nothing may be placed for the one found before.
    if (member && value.trim() !== member.cardNumber) setMember(null);
  };

  async function findMember(event: FormEvent) {
    event.preventDefault();
    const cardNumber = card.trim();
    if (!cardNumber) return;
    setBusy(true);
    setProblem(null);
    setPlaced(null);
    try {
      const found = await membersApi.byCard(cardNumber);
      setMember(found);
      setPickupBranchId(found.homeBranch.id);
      setStatus(t('placeRequest.memberFound', { name: isolate(found.name), branch: isolate(found.homeBranch.name) }));
      focusSoon('request-place');
    } catch (error) {
      setMember(null);
      setProblem(requestRefusal(error, t));
      // Selected, so the next scan replaces the number that was not found.
      requestAnimationFrame(() => {
        cardField.current?.focus();
        cardField.current?.select();
      });
    } finally {
      setBusy(false);
    }
  }

  async function place(event: FormEvent) {
    event.preventDefault();
    if (!member) return;
    setBusy(true);
    setProblem(null);
    try {
      const request = await circulationApi.placeRequest({ cardNumber: member.cardNumber, recordId: record.id, pickupBranchId });
      setPlaced(request);
      setStatus(null);
      setMember(null);
      setCard('');
      focusSoon('request-card');
    } catch (error) {
      setProblem(requestRefusal(error, t));
    } finally {
      setBusy(false);
    }
  }

  const feeLine = (request: HoldRequest) => {
    if (request.feeCharged > 0 && currencyCode) return t('placeRequest.fee', { amount: money(request.feeCharged, currencyCode) });
    if (request.feeWaivedByScheme > 0 && currencyCode) return t('placeRequest.feeWaived', { amount: money(request.feeWaivedByScheme, currencyCode) });
    return request.feeCharged > 0 ? null : t('placeRequest.noFee');
  };

  return (
    <section className="section" aria-labelledby="place-request-heading">
      <h2 id="place-request-heading">{t('placeRequest.heading')}</h2>
      <p className="section-intro">{t('placeRequest.intro')}</p>
      <ErrorNotice message={problem} />
      <StatusMessage message={status} />
      <div role="status">
        {placed ? (
          <div className="notice notice--info">
            <p>{t('placeRequest.placed', { name: isolate(placed.memberName), position: placed.position ?? '—', branch: isolate(placed.pickupBranchName) })}</p>
            {feeLine(placed) ? <p>{feeLine(placed)}</p> : null}
          </div>
        ) : null}
      </div>
      <form className="desk-scan" onSubmit={(event) => void findMember(event)} aria-label={t('placeRequest.cardForm')} aria-busy={busy}>
        <TextField id="request-card" ref={cardField} label={t('placeRequest.cardLabel')} value={card} onValueChange={changeCard} autoComplete="off" dir="ltr" onFocus={(event) => event.currentTarget.select()} />
        <button type="submit" className="button button--secondary" disabled={busy}>
          {t('placeRequest.findMember')}
        </button>
      </form>
      {member ? (
        <form className="desk-scan" onSubmit={(event) => void place(event)} aria-label={t('placeRequest.placeForm')}>
          <dl className="summary-list">
            <Detail term={t('placeRequest.requestFor')}>
              <bdi>{member.name}</bdi>
            </Detail>
          </dl>
          <SelectField
            id="request-pickup"
            label={t('placeRequest.pickupLabel')}
            value={pickupBranchId}
            onValueChange={setPickupBranchId}
            options={branchOptions.map((branch) => ({
              value: branch.id,
              label: branch.id === member.homeBranch.id ? t('placeRequest.homeBranch', { branch: branch.name }) : branch.name,
            }))}
          />
          <button type="submit" id="request-place" className="button" disabled={busy}>
            {t('placeRequest.place')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
