import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '../platform/api';
import type { FormErrors } from '../platform/errors';
import { ErrorSummary, FormActions, SelectField, TextField, useFormSending, useFormState } from '../platform/forms';
import { hhmm, programmesApi, todayIso, type ProgrammeSummary, type Session, type SessionChanges } from './api';

type Field = 'programmeId' | 'branchId' | 'jointProgrammeId' | 'date' | 'startsLocal' | 'endsLocal' | 'room' | 'facilitator' | 'capacity' | 'topic';

interface SessionFormProps {
  /** The session to change on its own, or null to add a one-off (or joint) session. */
  session: Session | null;
  programmes: readonly ProgrammeSummary[];
  onSaved(session: Session): void;
  onCancel(): void;
}

/** One session: a one-off or joint session to add, or one occurrence changed without touching its schedule. */
export function SessionForm({ session, programmes, onSaved, onCancel }: SessionFormProps) {
  const { t } = useTranslation();
  const firstProgramme = programmes[0];
  const form = useFormState<Field>({
    idPrefix: session ? `session-${session.id}` : 'session-new',
    initial: {
      programmeId: session?.programmeId ?? firstProgramme?.id ?? '',
      branchId: session?.branchId ?? firstProgramme?.branches[0]?.id ?? '',
      jointProgrammeId: session?.jointProgrammeId ?? '',
      date: session?.date ?? todayIso(),
      startsLocal: session ? hhmm(session.startsLocal) : '',
      endsLocal: session ? hhmm(session.endsLocal) : '',
      room: session?.room ?? '',
      facilitator: session?.facilitator ?? '',
      capacity: session?.capacity ? String(session.capacity) : '',
      topic: session?.topic ?? '',
    },
    labels: {
      programmeId: t('programmes.sessionFields.programme'),
      branchId: t('programmes.sessionFields.branch'),
      jointProgrammeId: t('programmes.sessionFields.jointProgramme'),
      date: t('programmes.sessionFields.date'),
      startsLocal: t('programmes.sessionFields.startsLocal'),
      endsLocal: t('programmes.sessionFields.endsLocal'),
      room: t('programmes.sessionFields.room'),
      facilitator: t('programmes.sessionFields.facilitator'),
      capacity: t('programmes.sessionFields.capacity'),
      topic: t('programmes.sessionFields.topic'),
    },
  });
  const { busy, sendForm } = useFormSending(form.setErrors);
  const { values } = form;
  const programme = programmes.find((p) => p.id === values.programmeId);
  const branches = programme?.branches ?? [];

  async function save(event: FormEvent) {
    event.preventDefault();
    const fields = checkSession(values, !session, t, form.labels);
    const changes: SessionChanges = {
      date: values.date,
      startsLocal: values.startsLocal,
      endsLocal: values.endsLocal,
      room: values.room.trim() || null,
      facilitator: values.facilitator.trim() || null,
      capacity: values.capacity.trim() ? Number(values.capacity) : null,
      topic: values.topic.trim() || null,
    };
    await sendForm(
      fields,
      async () =>
        onSaved(
          session
            ? await programmesApi.updateSession(session.id, changes)
            : await programmesApi.addSession(values.programmeId, { ...changes, branchId: values.branchId, date: values.date, startsLocal: values.startsLocal, endsLocal: values.endsLocal, jointProgrammeId: values.jointProgrammeId || null }),
        ),
      (error, errors) => placeSessionError(error, errors, t),
    );
  }

  return (
    <>
      <ErrorSummary errors={form.errors} fieldIds={form.ids} fieldLabels={form.labels} />
      <form className="form card" noValidate onSubmit={(e) => void save(e)} aria-label={session ? t('programmes.calendar.editHeading') : t('programmes.calendar.addHeading')}>
        {session ? null : (
          <div className="form-grid">
            <SelectField
              {...form.field('programmeId')}
              onValueChange={(value) => {
                form.set('programmeId', value);
                form.set('branchId', programmes.find((p) => p.id === value)?.branches[0]?.id ?? '');
              }}
              options={programmes.map((p) => ({ value: p.id, label: p.name }))}
              required
            />
            <SelectField {...form.field('branchId')} options={branches.map((b) => ({ value: b.id, label: b.name }))} hint={branches.length === 0 ? t('programmes.schedules.needsBranch') : undefined} required />
            <SelectField
              {...form.field('jointProgrammeId')}
              optional
              hint={t('programmes.schedules.jointProgrammeHint')}
              options={[{ value: '', label: t('programmes.schedules.noJointProgramme') }, ...programmes.filter((p) => p.id !== values.programmeId).map((p) => ({ value: p.id, label: p.name }))]}
            />
          </div>
        )}
        <div className="form-grid">
          <TextField {...form.field('date')} type="date" required />
          <TextField {...form.field('startsLocal')} type="time" required />
          <TextField {...form.field('endsLocal')} type="time" required />
        </div>
        <div className="form-grid">
          <TextField {...form.field('room')} optional maxLength={200} dir="auto" autoComplete="off" />
          <TextField {...form.field('facilitator')} optional maxLength={200} dir="auto" autoComplete="off" />
          <TextField {...form.field('capacity')} optional type="number" min={1} inputMode="numeric" />
        </div>
        <TextField {...form.field('topic')} optional hint={t('programmes.sessionFields.topicHint')} maxLength={200} dir="auto" autoComplete="off" />
        <FormActions busy={busy} submitLabel={session ? t('programmes.calendar.saveSession') : t('programmes.calendar.addSession')} onCancel={onCancel} />
      </form>
    </>
  );
}

function checkSession(values: Record<Field, string>, isNew: boolean, t: TFunction, labels: Record<Field, string>): Record<string, string> {
  const fields: Record<string, string> = {};
  const needed: Field[] = isNew ? ['programmeId', 'branchId', 'date', 'startsLocal', 'endsLocal'] : ['date', 'startsLocal', 'endsLocal'];
  for (const field of needed) {
    if (!values[field].trim()) fields[field] = t('forms.required', { field: labels[field] });
  }
  if (values.startsLocal && values.endsLocal && values.endsLocal <= values.startsLocal) fields.endsLocal = t('programmes.errors.session_ends_before_start');
  if (values.capacity.trim() && !(Number.isInteger(Number(values.capacity)) && Number(values.capacity) > 0)) fields.capacity = t('programmes.schedules.capacityInvalid');
  return fields;
}

function placeSessionError(error: unknown, errors: FormErrors, t: TFunction): FormErrors {
  if (!(error instanceof ApiError)) return errors;
  if (error.code === 'session_ends_before_start') return { ...errors, fields: { ...errors.fields, endsLocal: t('programmes.errors.session_ends_before_start') } };
  if (error.code === 'branch_not_in_programme') return { ...errors, fields: { ...errors.fields, branchId: t('programmes.errors.branch_not_in_programme') } };
  return errors;
}
