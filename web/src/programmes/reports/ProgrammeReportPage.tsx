import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../platform/format';
import { isolate } from '../../platform/i18n';
import { LoadError, Loading } from '../../platform/notices';
import { LoadFailedPage, Page } from '../../platform/page';
import { useResource } from '../../platform/resource';
import { DataTable } from '../../platform/tables';
import { useMoney } from '../../circulation/money';
import { programmesApi, type Programme } from '../api';
import { reportsApi, type ProgrammeReport } from './api';
import { PeriodForm, yearToDate } from './PeriodForm';
import './reports.css';

/** A programme's figures over a period, for funders and for planning, with a CSV to take away. */
export function ProgrammeReportPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [programme, reload] = useResource((signal) => programmesApi.get(id, signal), [id]);
  if (programme.status === 'loading') return <Loading />;
  if (programme.status === 'error') {
    return <LoadFailedPage title={t('programmeSessions.ambassadors.notFoundTitle')} error={programme.error} onRetry={reload} back={{ to: '/programmes', label: t('programmeSessions.backToProgrammes') }} />;
  }
  return <Report programme={programme.data} />;
}

function Report({ programme }: { programme: Programme }) {
  const { t } = useTranslation();
  const { date } = useFormatters();
  const [period, setPeriod] = useState(yearToDate);
  const [report, reload] = useResource((signal) => reportsApi.programme(programme.id, period, signal), [programme.id, period.from, period.to]);

  return (
    <Page title={t('programmeSessions.report.title', { programme: isolate(programme.name) })} intro={t('programmeSessions.report.intro')}>
      <ul className="plain-list button-row no-print">
        <li>
          <Link to={`/programmes/${programme.id}`}>{t('programmeSessions.register.backToProgramme', { programme: isolate(programme.name) })}</Link>
        </li>
        <li>
          <Link to={`/programmes/${programme.id}/ambassadors`}>{t('programmeSessions.ambassadors.nav')}</Link>
        </li>
        <li>
          <Link to="/programmes/donations">{t('programmeSessions.donations.title')}</Link>
        </li>
      </ul>
      <PeriodForm idPrefix="report" initial={period} busy={report.status === 'loading'} onShow={setPeriod} />
      {report.status === 'loading' ? <Loading /> : null}
      {report.status === 'error' ? <LoadError error={report.error} onRetry={reload} /> : null}
      {report.status === 'ready' ? (
        <>
          <p className="subsection">
            {t('programmeSessions.report.caption', { from: date(report.data.from), to: date(report.data.to) })}{' '}
            <a href={reportsApi.programmeCsvUrl(programme.id, period)} download>
              {t('programmeSessions.report.csv')}
            </a>
          </p>
          <Figures report={report.data} />
          <Breakdowns report={report.data} />
        </>
      ) : null}
    </Page>
  );
}

/** The headline figures, each with its message key and where it sits in the report. */
const figures: { key: 'sessionsHeld' | 'sessionsCancelled' | 'attendance' | 'namedAttendance' | 'unnamedAttendance' | 'uniqueParticipants' | 'newcomers' | 'returning' | 'viaAmbassadors'; value(report: ProgrammeReport): number }[] = [
  { key: 'sessionsHeld', value: (r) => r.sessionsHeld },
  { key: 'sessionsCancelled', value: (r) => r.sessionsCancelled },
  { key: 'attendance', value: (r) => r.attendance.total },
  { key: 'namedAttendance', value: (r) => r.attendance.named },
  { key: 'unnamedAttendance', value: (r) => r.attendance.unnamed },
  { key: 'uniqueParticipants', value: (r) => r.uniqueParticipants },
  { key: 'newcomers', value: (r) => r.newcomers },
  { key: 'returning', value: (r) => r.returning },
  { key: 'viaAmbassadors', value: (r) => r.viaAmbassadors },
];
const stages = ['once', 'twice', 'regular'] as const;

function Figures({ report }: { report: ProgrammeReport }) {
  const { t } = useTranslation();
  const money = useMoney();
  return (
    <>
      <section className="section" aria-labelledby="report-summary-heading">
        <h2 id="report-summary-heading">{t('programmeSessions.report.summaryHeading')}</h2>
        <dl className="report-figures card">
          {figures.map((figure) => (
            <div key={figure.key}>
              <dt>{t(`programmeSessions.report.figures.${figure.key}`)}</dt>
              <dd id={`report-${figure.key}`}>{figure.value(report)}</dd>
            </div>
          ))}
          <div>
            <dt>{t('programmeSessions.report.figures.donations')}</dt>
            <dd id="report-donations">{money(report.donationsPence, report.currency)}</dd>
          </div>
        </dl>
      </section>
      <section className="section" aria-labelledby="report-progression-heading">
        <h2 id="report-progression-heading">{t('programmeSessions.report.progressionHeading')}</h2>
        <dl className="report-figures card">
          {stages.map((stage) => (
            <div key={stage}>
              <dt>{t(`programmeSessions.report.progression.${stage}`)}</dt>
              <dd id={`report-progression-${stage}`}>{report.progression[stage]}</dd>
            </div>
          ))}
        </dl>
      </section>
    </>
  );
}

function Breakdowns({ report }: { report: ProgrammeReport }) {
  const { t } = useTranslation();
  const money = useMoney();
  const none = <p>{t('programmeSessions.report.none')}</p>;
  return (
    <div className="section report-tables">
      {report.byBranch.length === 0 ? none : (
        <DataTable
          caption={t('programmeSessions.report.branchesCaption')}
          columns={[t('programmeSessions.report.branch'), t('programmeSessions.report.figures.sessionsHeld'), t('programmeSessions.report.figures.sessionsCancelled'), t('programmeSessions.report.figures.attendance'), t('programmeSessions.report.figures.newcomers'), t('programmeSessions.report.figures.donations')]}
        >
          {report.byBranch.map((row) => (
            <tr key={row.branchId}>
              <th scope="row">
                <bdi>{row.branchName}</bdi>
              </th>
              <td>{row.sessionsHeld}</td>
              <td>{row.sessionsCancelled}</td>
              <td>{row.total}</td>
              <td>{row.newcomers}</td>
              <td>{money(row.donationsPence, report.currency)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {report.signpostingsByNeed.length === 0 ? null : (
        <DataTable caption={t('programmeSessions.report.needsCaption')} columns={[t('programmeSessions.report.need'), t('programmeSessions.report.count')]}>
          {report.signpostingsByNeed.map((row) => (
            <tr key={row.need}>
              <th scope="row">{t(`programmeSessions.needs.${row.need}`)}</th>
              <td>{row.count}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {report.topicsCovered.length === 0 ? null : (
        <DataTable caption={t('programmeSessions.report.topicsCaption')} columns={[t('programmeSessions.report.topic'), t('programmeSessions.report.sessions')]}>
          {report.topicsCovered.map((row) => (
            <tr key={row.topicId}>
              <th scope="row">
                <bdi>{row.name}</bdi>
              </th>
              <td>{row.sessions}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
