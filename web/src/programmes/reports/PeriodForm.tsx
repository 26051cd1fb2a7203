import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { noErrors, type FormErrors } from '../../platform/errors';
import { ErrorSummary, SubmitButton, TextField } from '../../platform/forms';
import { todayIso } from '../api';
import type { Period } from './api';

/** The calendar year so far, where a report starts. */
export function yearToDate(): Period {
  const today = todayIso();
  return { from: `${today.slice(0, 4)}-01-01`, to: today };
}

interface PeriodFormProps {
  idPrefix: string;
  initial: Period;
  busy: boolean;
  onShow(period: Period): void;
}

/** From and to dates for a report, checked before it is asked for. */
export function PeriodForm({ idPrefix, initial, busy, onShow }: PeriodFormProps) {
  const { t } = useTranslation();
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const ids = { from: `${idPrefix}-from`, to: `${idPrefix}-to` };
  const labels = { from: t('programmeSessions.report.from'), to: t('programmeSessions.report.to') };

  function submit(event: FormEvent) {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (!from) fields.from = t('forms.required', { field: labels.from });
    if (!to) fields.to = t('forms.required', { field: labels.to });
    if (from && to && from > to) fields.to = t('programmeSessions.report.toBeforeFrom');
    setErrors({ message: null, fields });
    if (Object.keys(fields).length === 0) onShow({ from, to });
  }

  return (
    <>
      <ErrorSummary errors={errors} fieldIds={ids} fieldLabels={labels} />
      <form className="inline-form no-print" noValidate onSubmit={submit} aria-label={t('programmeSessions.report.period')}>
        <TextField id={ids.from} type="date" label={labels.from} value={from} onValueChange={setFrom} error={errors.fields.from} />
        <TextField id={ids.to} type="date" label={labels.to} value={to} onValueChange={setTo} error={errors.fields.to} />
        <SubmitButton busy={busy} busyLabel={t('common.loading')} className="button button--secondary">
          {t('programmeSessions.report.show')}
        </SubmitButton>
      </form>
    </>
  );
}
