import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../platform/errors';
import { ErrorSummary, FormActions, SelectField, TextAreaField, useFormSending, useFormState } from '../platform/forms';
import { isolate } from '../platform/i18n';
import { ErrorNotice } from '../platform/notices';
import { focusSoon } from '../platform/page';
import type { FoundService } from '../directory/api';
import { contactRecordMethods, outcomeCodes, referralsApi, type ContactRecordMethod, type OutcomeCode, type ReferralDetail, type ReferralEvent, type ReferralStatus } from './api';
import { Section, ServicePicker } from './parts';

/** How a move is named on its button: the same state reached from "accepted" starts the work, from "on hold" resumes it. */
export function moveLabelKey(from: ReferralStatus, to: ReferralStatus) {
  if (to === 'in_progress') return from === 'on_hold' ? 'referrals.moves.resume' : 'referrals.moves.start';
  return `referrals.moves.${to}` as const;
}

const needsReason = (to: ReferralStatus) => to === 'rejected' || to === 'cancelled';
const needsOutcome = (to: ReferralStatus) => to === 'completed' || to === 'failed';

interface ActionsProps {
  referral: ReferralDetail;
  onMoved(referral: ReferralDetail, message: string): void;
}

/** The moves open to the reader's side, and only those: each with what it must carry. */
export function StatusActions({ referral, onMoved }: ActionsProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<ReferralStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  if (referral.allowedTransitions.length === 0) return null;

  async function moveNow(to: ReferralStatus) {
    setBusy(true);
    setProblem(null);
    try {
      const moved = await referralsApi.move(referral.id, { status: to });
      onMoved(moved, t('referrals.moved', { status: t(`referrals.status.${to}`) }));
    } catch (error) {
      setProblem(describeError(error, t));
    } finally {
      setBusy(false);
    }
  }

  function close(to: ReferralStatus) {
    setOpen(null);
    focusSoon(`referral-move-${to}`);
  }

  return (
    <Section id="referral-actions-heading" heading={t('referrals.page.actions')}>
      <ErrorNotice message={problem} />
      <div className="referral-actions">
        {referral.allowedTransitions.map((to) => (
          <button
            key={to}
            type="button"
            id={`referral-move-${to}`}
            className={to === 'rejected' || to === 'cancelled' || to === 'failed' ? 'button button--danger-outline' : to === 'accepted' || to === 'completed' ? 'button' : 'button button--secondary'}
            disabled={busy}
            aria-expanded={needsReason(to) || needsOutcome(to) ? open === to : undefined}
            onClick={() => {
              if (needsReason(to) || needsOutcome(to)) {
                setOpen(open === to ? null : to);
                focusSoon(`referral-${to}-form-first`);
              } else void moveNow(to);
            }}
          >
            {t(moveLabelKey(referral.status, to))}
          </button>
        ))}
      </div>
      {open && needsReason(open) ? <ReasonForm key={open} referral={referral} to={open} onMoved={onMoved} onCancel={() => close(open)} /> : null}
      {open && needsOutcome(open) ? <OutcomeForm key={open} referral={referral} to={open} onMoved={onMoved} onCancel={() => close(open)} /> : null}
    </Section>
  );
}

interface MoveFormProps extends ActionsProps {
  to: ReferralStatus;
  onCancel(): void;
}

/** Declining or cancelling: the reason, and when declining, another service the sender could try. */
function ReasonForm({ referral, to, onMoved, onCancel }: MoveFormProps) {
  const { t } = useTranslation();
  const form = useFormState({ idPrefix: `referral-${to}`, initial: { reason: '' }, labels: { reason: t(`referrals.moveForms.${to === 'rejected' ? 'rejectReason' : 'cancelReason'}`) } });
  const [suggested, setSuggested] = useState<FoundService | null>(null);
  const { busy, sendForm } = useFormSending(form.setErrors);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const reason = form.values.reason.trim();
    await sendForm(reason ? {} : { reason: t('forms.required', { field: form.labels.reason }) }, async () => {
      const moved = await referralsApi.move(referral.id, { status: to, reason, ...(suggested && { suggestedServiceId: suggested.id }) });
      onMoved(moved, t('referrals.moved', { status: t(`referrals.status.${to}`) }));
    });
  }

  return (
    <div className="section">
      <ErrorSummary errors={form.errors} fieldIds={form.ids} fieldLabels={form.labels} />
      {to === 'rejected' ? (
        <div className="subsection">
          <h3 id="referral-suggest-heading">{t('referrals.moveForms.suggest')}</h3>
          {suggested ? (
            <p>
              {t('referrals.moveForms.suggested', { service: isolate(suggested.name) })}{' '}
              <button type="button" className="button button--small button--secondary" onClick={() => setSuggested(null)}>
                {t('referrals.moveForms.noSuggestion')}
              </button>
            </p>
          ) : (
            <ServicePicker idPrefix="referral-suggest" label={t('referrals.moveForms.suggest')} chooseLabel={t('referrals.moveForms.suggestThis')} onChoose={setSuggested} />
          )}
        </div>
      ) : null}
      <form className="form card" noValidate onSubmit={(e) => void submit(e)} aria-label={t(moveLabelKey(referral.status, to))}>
        <TextAreaField {...form.field('reason')} id={`referral-${to}-form-first`} dir="auto" maxLength={2000} />
        <FormActions busy={busy} submitLabel={t(moveLabelKey(referral.status, to))} onCancel={onCancel} />
      </form>
    </div>
  );
}

/** Completing or marking failed: how it ended and what was provided. */
function OutcomeForm({ referral, to, onMoved, onCancel }: MoveFormProps) {
  const { t } = useTranslation();
  const form = useFormState({
    idPrefix: `referral-${to}`,
    initial: { outcomeCode: '', outcomeNote: '' },
    labels: { outcomeCode: t('referrals.moveForms.outcomeCode'), outcomeNote: t('referrals.moveForms.outcomeNote') },
  });
  const { busy, sendForm } = useFormSending(form.setErrors);
  const { values } = form;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (!values.outcomeCode) fields.outcomeCode = t('referrals.moveForms.outcomeRequired');
    if (!values.outcomeNote.trim()) fields.outcomeNote = t('forms.required', { field: form.labels.outcomeNote });
    await sendForm(fields, async () => {
      const moved = await referralsApi.move(referral.id, { status: to, outcomeCode: values.outcomeCode as OutcomeCode, outcomeNote: values.outcomeNote.trim() });
      onMoved(moved, t('referrals.moved', { status: t(`referrals.status.${to}`) }));
    });
  }

  return (
    <div className="section">
      <ErrorSummary errors={form.errors} fieldIds={form.ids} fieldLabels={form.labels} />
      <form className="form card" noValidate onSubmit={(e) => void submit(e)} aria-label={t(moveLabelKey(referral.status, to))}>
        <SelectField
          {...form.field('outcomeCode')}
          id={`referral-${to}-form-first`}
          options={[{ value: '', label: t('referrals.moveForms.chooseOutcome') }, ...outcomeCodes.map((code) => ({ value: code, label: t(`referrals.outcomes.${code}`) }))]}
        />
        <TextAreaField {...form.field('outcomeNote')} hint={t('referrals.moveForms.outcomeNoteHint')} dir="auto" maxLength={2000} />
        <FormActions busy={busy} submitLabel={t(moveLabelKey(referral.status, to))} onCancel={onCancel} />
      </form>
    </div>
  );
}

/** Recording a contact with the person, or a note; both sides see each on the timeline. */
export function RecordSection({ referral, onRecorded }: { referral: ReferralDetail; onRecorded(event: ReferralEvent, message: string): void }) {
  const { t } = useTranslation();
  const contact = useFormState({
    idPrefix: 'referral-contact',
    initial: { method: '', note: '' },
    labels: { method: t('referrals.record.method'), note: t('referrals.record.contactNote') },
  });
  const note = useFormState({ idPrefix: 'referral-note', initial: { note: '' }, labels: { note: t('referrals.record.note') } });
  const contactSending = useFormSending(contact.setErrors);
  const noteSending = useFormSending(note.setErrors);

  async function recordContact(event: FormEvent) {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (!contact.values.method) fields.method = t('referrals.record.methodRequired');
    if (!contact.values.note.trim()) fields.note = t('forms.required', { field: contact.labels.note });
    await contactSending.sendForm(fields, async () => {
      const recorded = await referralsApi.recordContact(referral.id, { method: contact.values.method as ContactRecordMethod, note: contact.values.note.trim() });
      contact.setValues({ method: '', note: '' });
      onRecorded(recorded, t('referrals.record.contactRecorded'));
    });
  }

  async function addNote(event: FormEvent) {
    event.preventDefault();
    const text = note.values.note.trim();
    await noteSending.sendForm(text ? {} : { note: t('forms.required', { field: note.labels.note }) }, async () => {
      const recorded = await referralsApi.addNote(referral.id, text);
      note.setValues({ note: '' });
      onRecorded(recorded, t('referrals.record.noteAdded'));
    });
  }

  return (
    <Section id="referral-record-heading" heading={t('referrals.record.heading')}>
      <div className="card-list">
        <div>
          <h3 id="referral-contact-heading">{t('referrals.record.contactHeading')}</h3>
          <ErrorSummary errors={contact.errors} fieldIds={contact.ids} fieldLabels={contact.labels} />
          <form className="form card" noValidate onSubmit={(e) => void recordContact(e)} aria-labelledby="referral-contact-heading">
            <SelectField {...contact.field('method')} options={[{ value: '', label: t('referrals.record.chooseMethod') }, ...contactRecordMethods.map((m) => ({ value: m, label: t(`referrals.contactMethods.${m}`) }))]} />
            <TextAreaField {...contact.field('note')} hint={t('referrals.record.contactNoteHint')} dir="auto" maxLength={2000} />
            <FormActions busy={contactSending.busy} submitLabel={t('referrals.record.recordContact')} />
          </form>
        </div>
        <div>
          <h3 id="referral-note-heading">{t('referrals.record.noteHeading')}</h3>
          <ErrorSummary errors={note.errors} fieldIds={note.ids} fieldLabels={note.labels} />
          <form className="form card" noValidate onSubmit={(e) => void addNote(e)} aria-labelledby="referral-note-heading">
            <TextAreaField {...note.field('note')} dir="auto" maxLength={2000} />
            <FormActions busy={noteSending.busy} submitLabel={t('referrals.record.addNote')} />
          </form>
        </div>
      </div>
    </Section>
  );
}
