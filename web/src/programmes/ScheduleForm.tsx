import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '../platform/api';
import type { FormErrors } from '../platform/errors';
import { CheckboxField, ErrorSummary, FormActions, RadioGroup, SelectField, TextField, useFormSending, useFormState } from '../platform/forms';
import { useResource } from '../platform/resource';
import { hhmm, programmesApi, todayIso, type Programme, type Schedule, type ScheduleInput } from './api';

/** RFC 5545 weekday codes, Monday first as the weekday labels are. */
export const byDay = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
type ByDay = (typeof byDay)[number];
type Pattern = 'weekly' | 'advanced';

interface WeeklyRule {
  days: ByDay[];
  everyWeeks: number;
}

/** FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH from ticked days and "every N weeks". */
function weeklyRrule({ days, everyWeeks }: WeeklyRule): string {
  const ordered = byDay.filter((day) => days.includes(day));
  return ['FREQ=WEEKLY', ...(everyWeeks > 1 ? [`INTERVAL=${everyWeeks}`] : []), `BYDAY=${ordered.join(',')}`].join(';');
}

/** The ticked days and interval of a rule the weekly builder could have made, or null for any other rule. */
export function readWeeklyRrule(rule: string): WeeklyRule | null {
  const parts = new Map(rule.split(';').map((part) => part.split('=') as [string, string]));
  if (parts.get('FREQ') !== 'WEEKLY' || ![...parts.keys()].every((key) => ['FREQ', 'INTERVAL', 'BYDAY'].includes(key))) return null;
  const days = (parts.get('BYDAY') ?? '').split(',');
  if (!days.every((day): day is ByDay => (byDay as readonly string[]).includes(day))) return null;
  const everyWeeks = Number(parts.get('INTERVAL') ?? '1');
  return Number.isInteger(everyWeeks) && everyWeeks >= 1 ? { days, everyWeeks } : null;
}

type Field = 'branchId' | 'rrule' | 'everyWeeks' | 'firstDate' | 'startsLocal' | 'endsLocal' | 'room' | 'facilitator' | 'capacity' | 'jointProgrammeId';

interface ScheduleFormProps {
  programme: Programme;
  /** The schedule to change, or null for a new one. */
  schedule: Schedule | null;
  onSaved(schedule: Schedule): void;
  onCancel(): void;
}

/** A recurring pattern of sessions: where, which days and how often (or any RRULE), and from when. */
export function ScheduleForm({ programme, schedule, onSaved, onCancel }: ScheduleFormProps) {
  const { t } = useTranslation();
  const prefix = schedule ? `schedule-${schedule.id}` : 'schedule-new';
  const weekly = schedule ? readWeeklyRrule(schedule.rrule) : { days: [], everyWeeks: 1 };
  const [pattern, setPattern] = useState<Pattern>(weekly ? 'weekly' : 'advanced');
  const [days, setDays] = useState<ByDay[]>(weekly?.days ?? []);
  const [programmes] = useResource((signal) => programmesApi.list(signal), []);
  const form = useFormState<Field>({
    idPrefix: prefix,
    initial: {
      branchId: schedule?.branchId ?? programme.branches[0]?.id ?? '',
      rrule: schedule?.rrule ?? '',
      everyWeeks: String(weekly?.everyWeeks ?? 1),
      firstDate: schedule?.firstDate ?? todayIso(),
      startsLocal: schedule ? hhmm(schedule.startsLocal) : '',
      endsLocal: schedule ? hhmm(schedule.endsLocal) : '',
      room: schedule?.room ?? '',
      facilitator: schedule?.facilitator ?? '',
      capacity: schedule?.capacity ? String(schedule.capacity) : '',
      jointProgrammeId: schedule?.jointProgrammeId ?? '',
    },
    labels: {
      branchId: t('programmes.schedules.branch'),
      rrule: t('programmes.schedules.rrule'),
      everyWeeks: t('programmes.schedules.everyWeeks'),
      firstDate: t('programmes.schedules.firstDate'),
      startsLocal: t('programmes.schedules.startsLocal'),
      endsLocal: t('programmes.schedules.endsLocal'),
      room: t('programmes.schedules.room'),
      facilitator: t('programmes.schedules.facilitator'),
      capacity: t('programmes.schedules.capacity'),
      jointProgrammeId: t('programmes.schedules.jointProgramme'),
    },
  });
  const { busy, sendForm } = useFormSending(form.setErrors);
  const { values } = form;
  const weekdaysId = `${prefix}-day-MO`;
  const fieldIds = { ...form.ids, weekdays: weekdaysId };
  const fieldLabels = { ...form.labels, weekdays: t('programmes.schedules.weekdays') };
  const others = programmes.status === 'ready' ? programmes.data.items.filter((p) => p.id !== programme.id) : [];

  async function save(event: FormEvent) {
    event.preventDefault();
    const fields = checkSchedule(values, pattern, days, t, form.labels);
    const body: ScheduleInput = {
      branchId: values.branchId,
      rrule: pattern === 'weekly' ? weeklyRrule({ days, everyWeeks: Number(values.everyWeeks) }) : values.rrule.trim(),
      firstDate: values.firstDate,
      startsLocal: values.startsLocal,
      endsLocal: values.endsLocal,
      room: values.room.trim() || null,
      facilitator: values.facilitator.trim() || null,
      capacity: values.capacity.trim() ? Number(values.capacity) : null,
      jointProgrammeId: values.jointProgrammeId || null,
    };
    await sendForm(
      fields,
      async () => onSaved(schedule ? await programmesApi.updateSchedule(schedule.id, body) : await programmesApi.addSchedule(programme.id, body)),
      (error, errors) => placeScheduleError(error, errors, pattern, t),
    );
  }

  return (
    <>
      <ErrorSummary errors={form.errors} fieldIds={fieldIds} fieldLabels={fieldLabels} />
      <form className="form card" noValidate onSubmit={(e) => void save(e)} aria-label={schedule ? t('programmes.schedules.editHeading') : t('programmes.schedules.newHeading')}>
        <SelectField {...form.field('branchId')} options={programme.branches.map((b) => ({ value: b.id, label: b.name }))} required />
        <RadioGroup
          name={`${prefix}-pattern`}
          legend={t('programmes.schedules.pattern')}
          value={pattern}
          onValueChange={(value) => setPattern(value as Pattern)}
          options={[
            { value: 'weekly', label: t('programmes.schedules.patternWeekly') },
            { value: 'advanced', label: t('programmes.schedules.patternAdvanced'), hint: t('programmes.schedules.patternAdvancedHint') },
          ]}
        />
        {pattern === 'weekly' ? (
          <>
            <fieldset className={`radios${form.errors.fields.weekdays ? ' field--error' : ''}`} aria-describedby={form.errors.fields.weekdays ? `${prefix}-weekdays-error` : undefined}>
              <legend>{t('programmes.schedules.weekdays')}</legend>
              {form.errors.fields.weekdays ? (
                <p className="field__error" id={`${prefix}-weekdays-error`}>
                  <span className="visually-hidden">{t('forms.errorPrefix')} </span>
                  {form.errors.fields.weekdays}
                </p>
              ) : null}
              {byDay.map((day, i) => (
                <CheckboxField
                  key={day}
                  id={`${prefix}-day-${day}`}
                  label={t(`weekdays.long.${(i + 1) as 1 | 2 | 3 | 4 | 5 | 6 | 7}`)}
                  checked={days.includes(day)}
                  onCheckedChange={(checked) => setDays((current) => (checked ? [...current, day] : current.filter((d) => d !== day)))}
                />
              ))}
            </fieldset>
            <TextField {...form.field('everyWeeks')} type="number" min={1} max={52} inputMode="numeric" hint={t('programmes.schedules.everyWeeksHint')} />
          </>
        ) : (
          <TextField {...form.field('rrule')} dir="ltr" spellCheck={false} autoComplete="off" hint={t('programmes.schedules.rruleHint')} maxLength={500} required />
        )}
        <div className="form-grid">
          <TextField {...form.field('firstDate')} type="date" required />
          <TextField {...form.field('startsLocal')} type="time" required />
          <TextField {...form.field('endsLocal')} type="time" required />
        </div>
        <p className="field__hint">{t('programmes.schedules.localTime')}</p>
        <div className="form-grid">
          <TextField {...form.field('room')} optional maxLength={200} dir="auto" autoComplete="off" />
          <TextField {...form.field('facilitator')} optional maxLength={200} dir="auto" autoComplete="off" />
          <TextField {...form.field('capacity')} optional type="number" min={1} inputMode="numeric" />
        </div>
        <SelectField
          {...form.field('jointProgrammeId')}
          optional
          hint={t('programmes.schedules.jointProgrammeHint')}
          options={[{ value: '', label: t('programmes.schedules.noJointProgramme') }, ...others.map((p) => ({ value: p.id, label: p.name }))]}
        />
        <FormActions busy={busy} submitLabel={schedule ? t('programmes.schedules.save') : t('programmes.schedules.create')} onCancel={onCancel} />
      </form>
    </>
  );
}

function checkSchedule(values: Record<Field, string>, pattern: Pattern, days: ByDay[], t: TFunction, labels: Record<Field, string>): Record<string, string> {
  const fields: Record<string, string> = {};
  const required = (field: Field) => {
    if (!values[field].trim()) fields[field] = t('forms.required', { field: labels[field] });
  };
  required('branchId');
  required('firstDate');
  required('startsLocal');
  required('endsLocal');
  if (pattern === 'weekly') {
    if (days.length === 0) fields.weekdays = t('programmes.schedules.chooseDay');
    const every = Number(values.everyWeeks);
    if (!Number.isInteger(every) || every < 1 || every > 52) fields.everyWeeks = t('programmes.schedules.everyWeeksInvalid');
  } else {
    required('rrule');
  }
  if (values.startsLocal && values.endsLocal && values.endsLocal <= values.startsLocal) fields.endsLocal = t('programmes.errors.session_ends_before_start');
  if (values.capacity.trim() && !(Number.isInteger(Number(values.capacity)) && Number(values.capacity) > 0)) fields.capacity = t('programmes.schedules.capacityInvalid');
  return fields;
}

/** Where a refusal the server names by code belongs on the schedule form. */
function placeScheduleError(error: unknown, errors: FormErrors, pattern: Pattern, t: TFunction): FormErrors {
  if (!(error instanceof ApiError)) return errors;
  switch (error.code) {
    case 'invalid_rrule':
      return { ...errors, fields: { ...errors.fields, [pattern === 'weekly' ? 'weekdays' : 'rrule']: t('programmes.errors.invalid_rrule') } };
    case 'session_ends_before_start':
      return { ...errors, fields: { ...errors.fields, endsLocal: t('programmes.errors.session_ends_before_start') } };
    case 'branch_not_in_programme':
      return { ...errors, fields: { ...errors.fields, branchId: t('programmes.errors.branch_not_in_programme') } };
    default:
      return errors;
  }
}
