import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../platform/api';
import type { FormErrors } from '../../platform/errors';
import { CheckboxField, ErrorSummary, SelectField, SubmitButton, TextField, useFormSending, useFormState } from '../../platform/forms';
import { useResource } from '../../platform/resource';
import { useLanguageName } from '../../members/parts';
import { programmeLanguages, type Programme, type Session } from '../api';
import { ambassadorsApi } from '../ambassadors/api';
import { consentMethods, heardVia, registerApi, type Counts, type NewcomerInput } from './api';

interface NewcomerFormProps {
  session: Session;
  /** Null until loaded; a women-only programme asks for the eligibility tick. */
  programme: Pick<Programme, 'womenOnly' | 'eligibilityNote'> | null;
  onAdded(name: string, counts: Counts): void;
}

const blank = { preferredName: '', heardVia: '', invitedByAmbassadorId: '', contact: '', noticeLanguage: 'en', consentMethod: 'verbal' };

/** A newcomer in one field and Enter; anything more she wants to give is folded away. */
export function NewcomerForm({ session, programme, onAdded }: NewcomerFormProps) {
  const { t } = useTranslation();
  const languageName = useLanguageName();
  const nameInput = useRef<HTMLInputElement>(null);
  const form = useFormState({
    idPrefix: 'reg-newcomer',
    initial: blank,
    labels: {
      preferredName: t('programmeSessions.newcomer.preferredName'),
      heardVia: t('programmeSessions.newcomer.heardVia'),
      invitedByAmbassadorId: t('programmeSessions.newcomer.invitedBy'),
      contact: t('programmeSessions.newcomer.contact'),
      noticeLanguage: t('programmeSessions.newcomer.noticeLanguage'),
      consentMethod: t('programmeSessions.newcomer.consentMethod'),
    },
  });
  const [eligible, setEligible] = useState(false);
  const [languages, setLanguages] = useState<string[]>([]);
  const [wantsNotices, setWantsNotices] = useState(false);
  const { busy, sendForm } = useFormSending(form.setErrors);
  const [ambassadors] = useResource((signal) => ambassadorsApi.list(session.programmeId, signal), [session.programmeId]);
  const womenOnly = programme?.womenOnly ?? false;
  const { values } = form;
  const ids = { ...form.ids, eligibilityConfirmed: 'reg-newcomer-eligible', languages: 'reg-newcomer-languages-en', wantsCancellationNotices: 'reg-newcomer-notices' };
  const labels = { ...form.labels, eligibilityConfirmed: t('programmeSessions.newcomer.eligibility'), languages: t('programmeSessions.newcomer.languages'), wantsCancellationNotices: t('programmeSessions.newcomer.wantsNotices') };

  const eligibilityError = form.errors.fields.eligibilityConfirmed;
  const eligibilityDescription = [programme?.eligibilityNote && 'reg-newcomer-eligible-note', eligibilityError && 'reg-newcomer-eligible-error'].filter(Boolean).join(' ') || undefined;

  function body(): NewcomerInput {
    const contact = values.contact.trim();
    return {
      preferredName: values.preferredName.trim(),
      consentMethod: values.consentMethod as NewcomerInput['consentMethod'],
      ...(womenOnly && { eligibilityConfirmed: eligible }),
      ...(languages.length > 0 && { languages }),
      ...(values.heardVia && { heardVia: values.heardVia as NewcomerInput['heardVia'] }),
      ...(values.heardVia === 'ambassador' && values.invitedByAmbassadorId && { invitedByAmbassadorId: values.invitedByAmbassadorId }),
      ...(contact && { contact, wantsCancellationNotices: wantsNotices, noticeLanguage: values.noticeLanguage }),
    };
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (!values.preferredName.trim()) fields.preferredName = t('forms.required', { field: form.labels.preferredName });
    if (womenOnly && !eligible) fields.eligibilityConfirmed = t('programmeSessions.newcomer.eligibilityNeeded');
    if (wantsNotices && !values.contact.trim()) fields.contact = t('programmeSessions.newcomer.contactNeeded');
    await sendForm(
      fields,
      async () => {
        const added = await registerApi.addNewcomer(session.id, body());
        form.setValues(blank);
        setEligible(false);
        setLanguages([]);
        setWantsNotices(false);
        onAdded(added.participant.preferredName, added.counts);
        nameInput.current?.focus();
      },
      (error, errors): FormErrors =>
        error instanceof ApiError && error.code === 'eligibility_not_confirmed' ? { ...errors, fields: { ...errors.fields, eligibilityConfirmed: t('programmeSessions.newcomer.eligibilityNeeded') } } : errors,
    );
  }

  const toggleLanguage = (code: string, on: boolean) => setLanguages((current) => (on ? [...current, code] : current.filter((c) => c !== code)));
  const ambassadorOptions = ambassadors.status === 'ready' ? ambassadors.data.items.map((a) => ({ value: a.id, label: a.preferredName })) : [];

  return (
    <section className="section" aria-labelledby="reg-newcomer-heading">
      <h2 id="reg-newcomer-heading">{t('programmeSessions.newcomer.heading')}</h2>
      <ErrorSummary errors={form.errors} fieldIds={ids} fieldLabels={labels} />
      <form className="form card" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="reg-newcomer-heading">
        <div className="register-newcomer">
          <TextField {...form.field('preferredName')} ref={nameInput} hint={t('programmeSessions.newcomer.preferredNameHint')} dir="auto" autoComplete="off" maxLength={100} required />
          {womenOnly ? (
            <div className={eligibilityError ? 'field field--error' : 'field'}>
              {eligibilityError ? (
                <p className="field__error" id="reg-newcomer-eligible-error">
                  <span className="visually-hidden">{t('forms.errorPrefix')} </span>
                  {eligibilityError}
                </p>
              ) : null}
              <CheckboxField id={ids.eligibilityConfirmed} label={labels.eligibilityConfirmed} checked={eligible} onCheckedChange={setEligible} aria-invalid={eligibilityError ? true : undefined} aria-describedby={eligibilityDescription} />
              {programme?.eligibilityNote ? (
                <p className="field__hint" id="reg-newcomer-eligible-note">
                  <bdi>{programme.eligibilityNote}</bdi>
                </p>
              ) : null}
            </div>
          ) : null}
          <SubmitButton busy={busy}>{t('programmeSessions.newcomer.add')}</SubmitButton>
        </div>
        <details className="register-more">
          <summary>{t('programmeSessions.newcomer.more')}</summary>
          <fieldset className="radios">
            <legend>{labels.languages}</legend>
            <div className="register-choices">
              {programmeLanguages.map((code) => (
                <CheckboxField key={code} id={`reg-newcomer-languages-${code}`} label={languageName(code)} checked={languages.includes(code)} onCheckedChange={(on) => toggleLanguage(code, on)} />
              ))}
            </div>
          </fieldset>
          <div className="form-grid">
            <SelectField {...form.field('heardVia')} optional options={[{ value: '', label: t('programmeSessions.newcomer.notSaid') }, ...heardVia.map((value) => ({ value, label: t(`programmeSessions.heardVia.${value}`) }))]} />
            {values.heardVia === 'ambassador' ? <SelectField {...form.field('invitedByAmbassadorId')} optional options={[{ value: '', label: t('programmeSessions.newcomer.notSaid') }, ...ambassadorOptions]} /> : null}
            <SelectField {...form.field('consentMethod')} options={consentMethods.map((value) => ({ value, label: t(`programmeSessions.consentMethods.${value}`) }))} />
          </div>
          <TextField {...form.field('contact')} optional hint={t('programmeSessions.newcomer.contactHint')} dir="ltr" autoComplete="off" maxLength={200} />
          <CheckboxField id={ids.wantsCancellationNotices} label={labels.wantsCancellationNotices} checked={wantsNotices} onCheckedChange={setWantsNotices} />
          {wantsNotices ? <SelectField {...form.field('noticeLanguage')} options={programmeLanguages.map((code) => ({ value: code, label: languageName(code) }))} /> : null}
        </details>
      </form>
    </section>
  );
}
