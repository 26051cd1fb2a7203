import { useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../platform/format';
import { SelectField } from '../platform/forms';
import { Page } from '../platform/page';
import { useResource } from '../platform/resource';
import { LoadedTable } from '../platform/tables';
import { BOX_PAGE_SIZE, referralsApi, type Box, type BoxState, type ReferralSummary } from './api';
import { ageText, PersonName, Section, StatusBadge, UrgencyBadge } from './parts';

const boxStates: readonly BoxState[] = ['open', 'closed', 'all'];
const isBoxState = (value: string | null): value is BoxState => boxStates.includes(value as BoxState);

/** The referrals the reader's organisation received and those it sent, newest first. */
export function ReferralBoxesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const given = params.get('state');
  const state: BoxState = isBoxState(given) ? given : 'open';

  return (
    <Page title={t('referrals.boxes.title')} intro={t('referrals.boxes.intro')}>
      <p className="button-row">
        <Link className="button" to="/referrals/new">
          {t('referrals.boxes.new')}
        </Link>
      </p>
      <div className="form-grid form-grid--filters">
        <SelectField
          id="referrals-state"
          label={t('referrals.boxes.show')}
          value={state}
          options={boxStates.map((value) => ({ value, label: t(`referrals.boxes.states.${value}`) }))}
          onValueChange={(value) => setParams(value === 'open' ? {} : { state: value })}
        />
      </div>
      <BoxSection box="incoming" state={state} />
      <BoxSection box="outgoing" state={state} />
    </Page>
  );
}

function BoxSection({ box, state }: { box: Box; state: BoxState }) {
  const { t } = useTranslation();
  // Each box pages on its own; showing other states starts again from its first page.
  const [paging, setPaging] = useState({ state, number: 1 });
  const number = paging.state === state ? paging.number : 1;
  const [page, reload] = useResource((signal) => referralsApi.box({ box, state, offset: (number - 1) * BOX_PAGE_SIZE }, signal), [box, state, number]);
  const headingId = `referrals-${box}-heading`;
  // The last known total keeps the pager (and the focus on its button) in place while a page loads.
  const lastTotal = useRef(0);
  if (page.status === 'ready') lastTotal.current = page.data.total;
  const total = lastTotal.current;
  const pages = Math.max(1, Math.ceil(total / BOX_PAGE_SIZE));
  const goTo = (next: number) => setPaging({ state, number: next });
  return (
    <Section id={headingId} heading={t(`referrals.boxes.${box}`)}>
      <LoadedTable
        resource={page}
        onRetry={reload}
        empty={t(`referrals.boxes.empty.${box}.${state}`)}
        caption={t(`referrals.boxes.caption.${box}`, { count: total })}
        columns={[
          t('referrals.columns.person'),
          t('referrals.columns.service'),
          box === 'incoming' ? t('referrals.columns.from') : t('referrals.columns.to'),
          t('referrals.columns.status'),
          t('referrals.columns.urgency'),
          t('referrals.columns.age'),
          t('referrals.columns.lastChange'),
        ]}
        rows={(items) => items.map((referral) => <BoxRow key={referral.id} referral={referral} box={box} />)}
      />
      {pages > 1 ? (
        <nav className="pager" aria-label={t('referrals.boxes.pages', { box: t(`referrals.boxes.${box}`) })}>
          <button type="button" className="button button--secondary" disabled={number <= 1} onClick={() => goTo(number - 1)}>
            {t('referrals.boxes.previous')}
          </button>
          <span>{t('referrals.boxes.pageOf', { page: number, pages })}</span>
          <button type="button" className="button button--secondary" disabled={number >= pages} onClick={() => goTo(number + 1)}>
            {t('referrals.boxes.next')}
          </button>
        </nav>
      ) : null}
    </Section>
  );
}

function BoxRow({ referral, box }: { referral: ReferralSummary; box: Box }) {
  const { t } = useTranslation();
  const { dateTime } = useFormatters();
  const other = box === 'incoming' ? referral.sendingOrganisation : referral.receivingOrganisation;
  return (
    <tr>
      <th scope="row">
        <Link to={`/referrals/${encodeURIComponent(referral.id)}`}>
          <PersonName name={referral.personName} />
          <span className="visually-hidden"> {t('referrals.boxes.openReferral', { service: referral.serviceName })}</span>
        </Link>
        {referral.safeguarding ? (
          <span className="summary-list__note">
            <span className="badge badge--danger">{t('referrals.safeguarding.flag')}</span>
          </span>
        ) : null}
      </th>
      <td>
        <bdi>{referral.serviceName}</bdi>
      </td>
      <td>
        <bdi>{other.name}</bdi>
      </td>
      <td>
        <StatusBadge status={referral.status} />
      </td>
      <td>
        <UrgencyBadge urgency={referral.urgency} />
      </td>
      <td>{ageText(referral.ageDays, t)}</td>
      <td>{dateTime(referral.statusChangedAt)}</td>
    </tr>
  );
}
