import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../platform/auth';
import { ApiError } from '../../platform/api';
import { useConfirm } from '../../platform/confirm';
import { describeError, type FormErrors } from '../../platform/errors';
import { useFormatters } from '../../platform/format';
import { CheckboxField, ErrorSummary, FormActions, SelectField, TextAreaField, TextField, useFormSending, useFormState } from '../../platform/forms';
import { isolate } from '../../platform/i18n';
import { ErrorNotice } from '../../platform/notices';
import { LoadedList } from '../../platform/tables';
import { useResource } from '../../platform/resource';
import type { Session } from '../api';
import { canRefer } from '../../referrals/api';
import { needs, registerApi, type ExpectedParticipant, type Need, type Signposting } from './api';

interface SignpostingSectionProps {
  session: Session;
  /** Whom she may be, if she agrees to be named. */
  people: readonly ExpectedParticipant[];
  onStatus(message: string): void;
}

/** Pointing someone to a service during the session, without her name unless she agreed to it. */
export function SignpostingSection({ session, people, onStatus }: SignpostingSectionProps) {
  const { t } = useTranslation();
  const period = { from: session.date, to: session.date };
  const [list, reload, update] = useResource((signal) => registerApi.signpostings(session.programmeId, period, signal), [session.programmeId, session.date]);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirm, dialog] = useConfirm();
  const ofThisSession = list.status === 'ready' ? { ...list, data: list.data.items.filter((s) => s.sessionId === session.id) } : list;

  async function remove(signposting: Signposting) {
    const service = isolate(signposting.serviceName);
    const ok = await confirm({ title: t('programmeSessions.signposting.removeTitle', { service }), body: <p>{t('programmeSessions.signposting.removeBody')}</p>, confirmLabel: t('programmeSessions.signposting.remove'), destructive: true });
    if (!ok) return;
    setProblem(null);
    try {
      await registerApi.removeSignposting(signposting.id);
      update((current) => ({ items: current.items.filter((s) => s.id !== signposting.id) }));
      onStatus(t('programmeSessions.signposting.removed', { service }));
    } catch (error) {
      setProblem(describeError(error, t));
    }
  }

  return (
    <section className="section" aria-labelledby="reg-signposting-heading">
      <h2 id="reg-signposting-heading">{t('programmeSessions.signposting.heading')}</h2>
      <p className="section-intro">{t('programmeSessions.signposting.intro')}</p>
      <SignpostingForm
        session={session}
        people={people}
        onRecorded={(signposting) => {
          update((current) => ({ items: [signposting, ...current.items] }));
          onStatus(t('programmeSessions.signposting.recorded', { service: isolate(signposting.serviceName) }));
        }}
      />
      <h3 id="reg-signpostings-list">{t('programmeSessions.signposting.listHeading')}</h3>
      <ErrorNotice message={problem} />
      <LoadedList resource={ofThisSession} onRetry={reload} empty={t('programmeSessions.signposting.empty')}>
        {(items) => (
          <ul className="card-list" aria-labelledby="reg-signpostings-list">
            {items.map((signposting) => (
              <SignpostingItem key={signposting.id} signposting={signposting} onRemove={() => void remove(signposting)} />
            ))}
          </ul>
        )}
      </LoadedList>
      {dialog}
    </section>
  );
}

function SignpostingItem({ signposting, onRemove }: { signposting: Signposting; onRemove(): void }) {
  const { t } = useTranslation();
  const { dateTime } = useFormatters();
  return (
    <li className="card register-signposting">
      <p>
        <strong>{t(`programmeSessions.needs.${signposting.need}`)}</strong>
        {t('programmeSessions.signposting.to')}
        <bdi>{signposting.serviceName}</bdi>
      </p>
      <p className="muted">
        {signposting.participant ? t('programmeSessions.signposting.named', { name: isolate(signposting.participant.preferredName) }) : t('programmeSessions.signposting.notNamed')}
        {t('programmeSessions.expected.separator')}
        {dateTime(signposting.recordedAt)}
      </p>
      {signposting.note ? (
        <p>
          <bdi className="pre-line">{signposting.note}</bdi>
        </p>
      ) : null}
      <button type="button" className="button button--secondary button--small" onClick={onRemove}>
        {t('programmeSessions.signposting.remove')}
        <span className="visually-hidden"> {signposting.serviceName}</span>
      </button>
    </li>
  );
}

function SignpostingForm({ session, people, onRecorded }: { session: Session; people: readonly ExpectedParticipant[]; onRecorded(signposting: Signposting): void }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const initial = { need: '', serviceName: '', participantId: '', note: '' };
  const form = useFormState({
    idPrefix: 'reg-signpost',
    initial,
    labels: {
      need: t('programmeSessions.signposting.need'),
      serviceName: t('programmeSessions.signposting.serviceName'),
      participantId: t('programmeSessions.signposting.participant'),
      note: t('programmeSessions.signposting.note'),
    },
  });
  const [consented, setConsented] = useState(false);
  const { busy, sendForm } = useFormSending(form.setErrors);
  const { values } = form;
  const ids = { ...form.ids, participantConsented: 'reg-signpost-consented' };
  const labels = { ...form.labels, participantConsented: t('programmeSessions.signposting.consented') };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (!values.need) fields.need = t('programmeSessions.signposting.needRequired');
    if (!values.serviceName.trim()) fields.serviceName = t('forms.required', { field: labels.serviceName });
    if (values.participantId && !consented) fields.participantConsented = t('programmeSessions.signposting.consentNeeded');
    await sendForm(
      fields,
      async () => {
        const note = values.note.trim();
        const recorded = await registerApi.signpost(session.id, {
          need: values.need as Need,
          serviceName: values.serviceName.trim(),
          ...(values.participantId && { participantId: values.participantId, participantConsented: consented }),
          ...(note && { note }),
        });
        form.setValues(initial);
        setConsented(false);
        onRecorded(recorded);
      },
      (error, errors): FormErrors =>
        error instanceof ApiError && error.code === 'consent_needed_to_name' ? { ...errors, fields: { ...errors.fields, participantConsented: t('programmeSessions.signposting.consentNeeded') } } : errors,
    );
  }

  const consentError = form.errors.fields.participantConsented;
  return (
    <>
      <ErrorSummary errors={form.errors} fieldIds={ids} fieldLabels={labels} />
      <form className="form card" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="reg-signposting-heading">
        <div className="form-grid">
          <SelectField {...form.field('need')} options={[{ value: '', label: t('programmeSessions.signposting.chooseNeed') }, ...needs.map((need) => ({ value: need, label: t(`programmeSessions.needs.${need}`) }))]} />
          <TextField {...form.field('serviceName')} hint={t('programmeSessions.signposting.serviceHint')} dir="auto" autoComplete="off" maxLength={200} />
          <SelectField
            {...form.field('participantId')}
            optional
            hint={t('programmeSessions.signposting.participantHint')}
            options={[{ value: '', label: t('programmeSessions.signposting.notNamed') }, ...people.map((p) => ({ value: p.participantId, label: p.preferredName }))]}
          />
        </div>
        {values.participantId ? (
          <div className={consentError ? 'field field--error' : 'field'}>
            {consentError ? (
              <p className="field__error" id="reg-signpost-consented-error">
                <span className="visually-hidden">{t('forms.errorPrefix')} </span>
                {consentError}
              </p>
            ) : null}
            <CheckboxField id={ids.participantConsented} label={labels.participantConsented} checked={consented} onCheckedChange={setConsented} aria-invalid={consentError ? true : undefined} aria-describedby={consentError ? 'reg-signpost-consented-error' : undefined} />
          </div>
        ) : null}
        <TextAreaField {...form.field('note')} optional hint={t('programmeSessions.signposting.noteHint')} dir="auto" maxLength={1000} />
        <FormActions busy={busy} submitLabel={t('programmeSessions.signposting.record')} />
      </form>
      {user && canRefer(user.role) ? (
        <p>
          <Link to={values.participantId ? `/referrals/new?participantId=${encodeURIComponent(values.participantId)}` : '/referrals/new'}>{t('referrals.startFromSignposting')}</Link>
        </p>
      ) : null}
    </>
  );
}
