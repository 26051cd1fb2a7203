import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../platform/format';
import { intlLocale } from '../../platform/i18n';
import { LoadError, Loading } from '../../platform/notices';
import { Page } from '../../platform/page';
import { useResource } from '../../platform/resource';
import { DataTable } from '../../platform/tables';
import { useMoney } from '../../circulation/money';
import { reportsApi, type DonationTotals } from './api';
import { PeriodForm, yearToDate } from './PeriodForm';
import './reports.css';

/** Donations taken at sessions, by programme, branch and month: totals only, never names. */
export function DonationsPage() {
  const { t } = useTranslation();
  const { date } = useFormatters();
  const money = useMoney();
  const [period, setPeriod] = useState(yearToDate);
  const [totals, reload] = useResource((signal) => reportsApi.donations(period, signal), [period.from, period.to]);

  return (
    <Page title={t('programmeSessions.donations.title')} intro={t('programmeSessions.donations.intro')}>
      <p className="no-print">
        <Link to="/programmes">{t('programmeSessions.backToProgrammes')}</Link>
      </p>
      <PeriodForm idPrefix="donations" initial={period} busy={totals.status === 'loading'} onShow={setPeriod} />
      {totals.status === 'loading' ? <Loading /> : null}
      {totals.status === 'error' ? <LoadError error={totals.error} onRetry={reload} /> : null}
      {totals.status === 'ready' ? (
        <>
          <p className="subsection">{t('programmeSessions.report.caption', { from: date(totals.data.from), to: date(totals.data.to) })}</p>
          <dl className="report-figures card">
            <div>
              <dt>{t('programmeSessions.donations.total')}</dt>
              <dd id="donations-total">{money(totals.data.totalPence, totals.data.currency)}</dd>
            </div>
          </dl>
          {totals.data.totalPence === 0 ? <p>{t('programmeSessions.donations.none')}</p> : <Tables totals={totals.data} />}
        </>
      ) : null}
    </Page>
  );
}

function Tables({ totals }: { totals: DonationTotals }) {
  const { t, i18n } = useTranslation();
  const money = useMoney();
  const amount = (pence: number) => money(pence, totals.currency);
  const monthName = new Intl.DateTimeFormat(intlLocale(i18n.language), { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const columns = (first: string) => [first, t('programmeSessions.report.sessions'), t('programmeSessions.donations.amount')];
  return (
    <div className="section report-tables">
      <DataTable caption={t('programmeSessions.donations.byProgramme')} columns={columns(t('programmeSessions.donations.programme'))}>
        {totals.byProgramme.map((row) => (
          <tr key={row.programmeId}>
            <th scope="row">
              <Link to={`/programmes/${row.programmeId}/report`}>
                <bdi>{row.programmeName}</bdi>
              </Link>
            </th>
            <td>{row.sessions}</td>
            <td>{amount(row.pence)}</td>
          </tr>
        ))}
      </DataTable>
      <DataTable caption={t('programmeSessions.donations.byBranch')} columns={columns(t('programmeSessions.donations.branch'))}>
        {totals.byBranch.map((row) => (
          <tr key={row.branchId}>
            <th scope="row">
              <bdi>{row.branchName}</bdi>
            </th>
            <td>{row.sessions}</td>
            <td>{amount(row.pence)}</td>
          </tr>
        ))}
      </DataTable>
      <DataTable caption={t('programmeSessions.donations.byMonth')} columns={columns(t('programmeSessions.donations.month'))}>
        {totals.byMonth.map((row) => (
          <tr key={row.month}>
            <th scope="row">{monthName.format(new Date(`${row.month}-01T00:00:00Z`))}</th>
            <td>{row.sessions}</td>
            <td>{amount(row.pence)}</td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
