import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { noErrors, type FormErrors } from '../platform/errors';
import { useFormatters } from '../platform/format';
import { ErrorSummary, SubmitButton, TextField } from '../platform/forms';
import { LoadError, Loading } from '../platform/notices';
import { useResource } from '../platform/resource';
import { useMoney } from '../circulation/money';
import { goodNeighbourApi, type SchemeReport } from './api';

/** Today in the browser's own calendar, as an ISO date. */
function localToday(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const figures = ['activeArrangements', 'readersConverted', 'readersEnded', 'loansIssuedUnderScheme', 'finesWaivedByScheme', 'requestFeesWaivedByScheme', 'misplacedAtHomeNow', 'foundAfterMisplaced', 'writtenOff'] as const;
const moneyFigures: readonly string[] = ['finesWaivedByScheme', 'requestFeesWaivedByScheme'];

/** What the scheme has done for readers over a period, the calendar year so far unless staff choose another. */
export function ReportPanel() {
  const { t } = useTranslation();
  const { date } = useFormatters();
  const money = useMoney();
  const today = localToday();
  const [period, setPeriod] = useState({ from: `${today.slice(0, 4)}-01-01`, to: today });
  const [from, setFrom] = useState(period.from);
  const [to, setTo] = useState(period.to);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [report, reload] = useResource((signal) => goodNeighbourApi.report(period, signal), [period.from, period.to]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (!from) fields.from = t('forms.required', { field: t('goodNeighbour.report.from') });
    if (!to) fields.to = t('forms.required', { field: t('goodNeighbour.report.to') });
    if (from && to && from > to) fields.to = t('goodNeighbour.report.toBeforeFrom');
    setErrors({ message: null, fields });
    if (Object.keys(fields).length === 0) setPeriod({ from, to });
  }

  const value = (data: SchemeReport, figure: (typeof figures)[number]) => (moneyFigures.includes(figure) ? money(data[figure], data.currency) : String(data[figure]));

  return (
    <section className="section" aria-labelledby="gn-report-heading">
      <h2 id="gn-report-heading">{t('goodNeighbour.report.heading')}</h2>
      <ErrorSummary errors={errors} fieldIds={{ from: 'gn-report-from', to: 'gn-report-to' }} fieldLabels={{ from: t('goodNeighbour.report.from'), to: t('goodNeighbour.report.to') }} />
      <form className="inline-form" noValidate onSubmit={submit} aria-label={t('goodNeighbour.report.period')}>
        <TextField id="gn-report-from" type="date" label={t('goodNeighbour.report.from')} value={from} onValueChange={setFrom} error={errors.fields.from} />
        <TextField id="gn-report-to" type="date" label={t('goodNeighbour.report.to')} value={to} onValueChange={setTo} error={errors.fields.to} />
        <SubmitButton busy={report.status === 'loading'} busyLabel={t('common.loading')} className="button button--secondary">
          {t('goodNeighbour.report.show')}
        </SubmitButton>
      </form>
      {report.status === 'loading' ? <Loading /> : null}
      {report.status === 'error' ? <LoadError error={report.error} onRetry={reload} /> : null}
      {report.status === 'ready' ? (
        <>
        <p className="subsection" id="gn-report-caption">{t('goodNeighbour.report.caption', { from: date(report.data.from), to: date(report.data.to) })}</p>
        <dl className="desk-facts card">
          {figures.map((figure) => (
            <div key={figure}>
              <dt>{t(`goodNeighbour.report.figures.${figure}`)}</dt>
              <dd id={`gn-report-${figure}`}>{value(report.data, figure)}</dd>
            </div>
          ))}
        </dl>
        </>
      ) : null}
    </section>
  );
}
