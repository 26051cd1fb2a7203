import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useConfirm } from '../../platform/confirm';
import { describeError } from '../../platform/errors';
import { CheckboxField, ErrorSummary, FormActions, SelectField, TextField, useFormSending, useFormState } from '../../platform/forms';
import { isolate } from '../../platform/i18n';
import { ErrorNotice, LoadError, Loading } from '../../platform/notices';
import { useResource } from '../../platform/resource';
import { heardVia, type HeardVia } from '../register/api';
import { participantsApi, type Participant, type ParticipantChanges } from './api';
import { languageChoices, useSpokenLanguageName } from './languages';

interface ParticipantPanelProps {
  participantId: string;
  /** Erasing is for those who shape programmes (admin, programme leader); the server refuses others too. */
  canErase: boolean;
  onSaved(participant: Participant): void;
  onErased(name: string): void;
  onClose(): void;
}

export const PARTICIPANT_HEADING_ID = 'participant-heading';

/** One participant, read afresh (the server audits the view), to change what she chose to share or to erase her. */
export function ParticipantPanel({ participantId, ...actions }: ParticipantPanelProps) {
  const { t } = useTranslation();
  const [participant, reload] = useResource((signal) => participantsApi.get(participantId, signal), [participantId]);
  return (
    <section className="section" aria-labelledby={PARTICIPANT_HEADING_ID}>
      {participant.status === 'ready' ? (
        <ParticipantForm participant={participant.data} {...actions} />
      ) : (
        <>
          <h2 id={PARTICIPANT_HEADING_ID} tabIndex={-1}>
            {t('programmeParticipants.panelHeading')}
          </h2>
          {participant.status === 'loading' ? <Loading /> : <LoadError error={participant.error} onRetry={reload} />}
        </>
      )}
    </section>
  );
}

type ParticipantFormProps = Omit<ParticipantPanelProps, 'participantId'> & { participant: Participant };

function ParticipantForm({ participant, canErase, onSaved, onErased, onClose }: ParticipantFormProps) {
  const { t } = useTranslation();
  const languageName = useSpokenLanguageName();
  const form = useFormState({
    idPrefix: 'participant',
    initial: { heardVia: participant.heardVia ?? '', contact: participant.contact ?? '', noticeLanguage: participant.noticeLanguage },
    labels: {
      heardVia: t('programmeParticipants.heardVia'),
      contact: t('programmeParticipants.contact'),
      noticeLanguage: t('programmeParticipants.noticeLanguage'),
    },
  });
  const [languages, setLanguages] = useState(participant.languages);
  const [wantsNotices, setWantsNotices] = useState(participant.wantsCancellationNotices);
  const [eligible, setEligible] = useState(participant.eligibilityConfirmed);
  const { busy, sendForm } = useFormSending(form.setErrors);
  const { values } = form;

  function changes(): ParticipantChanges {
    return {
      languages,
      contact: values.contact.trim() || null,
      wantsCancellationNotices: wantsNotices,
      noticeLanguage: values.noticeLanguage,
      eligibilityConfirmed: eligible,
      // How she heard can be told once it is known, but the server keeps no way to unsay it.
      ...(values.heardVia && { heardVia: values.heardVia as HeardVia }),
    };
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    const fields: Record<string, string> = wantsNotices && !values.contact.trim() ? { contact: t('programmeParticipants.contactNeeded') } : {};
    await sendForm(fields, async () => onSaved(await participantsApi.update(participant.id, changes())));
  }

  const toggleLanguage = (code: string, on: boolean) => setLanguages((current) => (on ? [...current, code] : current.filter((c) => c !== code)));
  const ids = { ...form.ids, wantsCancellationNotices: 'participant-notices', eligibilityConfirmed: 'participant-eligible', languages: 'participant-languages-en' };
  const labels = { ...form.labels, wantsCancellationNotices: t('programmeParticipants.wantsNotices'), eligibilityConfirmed: t('programmeParticipants.eligibility'), languages: t('programmeParticipants.languages') };

  return (
    <>
      <h2 id={PARTICIPANT_HEADING_ID} tabIndex={-1}>
        <bdi>{participant.preferredName}</bdi>
      </h2>
      <p className="section-intro">{t('programmeParticipants.panelIntro')}</p>
      <ErrorSummary errors={form.errors} fieldIds={ids} fieldLabels={labels} />
      <form className="form card" noValidate onSubmit={(e) => void save(e)} aria-labelledby={PARTICIPANT_HEADING_ID}>
        <fieldset className="radios">
          <legend>{labels.languages}</legend>
          {languageChoices(participant.languages).map((code) => (
            <CheckboxField key={code} id={`participant-languages-${code}`} label={languageName(code)} checked={languages.includes(code)} onCheckedChange={(on) => toggleLanguage(code, on)} />
          ))}
        </fieldset>
        <SelectField
          {...form.field('heardVia')}
          optional
          options={[...(participant.heardVia ? [] : [{ value: '', label: t('programmeParticipants.notSaid') }]), ...heardVia.map((value) => ({ value, label: t(`programmeSessions.heardVia.${value}`) }))]}
        />
        <TextField {...form.field('contact')} optional hint={t('programmeParticipants.contactHint')} dir="ltr" autoComplete="off" maxLength={200} />
        <CheckboxField id={ids.wantsCancellationNotices} label={labels.wantsCancellationNotices} checked={wantsNotices} onCheckedChange={setWantsNotices} />
        {wantsNotices ? (
          <SelectField {...form.field('noticeLanguage')} hint={t('programmeParticipants.noticeLanguageHint')} options={languageChoices([participant.noticeLanguage]).map((code) => ({ value: code, label: languageName(code) }))} />
        ) : null}
        <div className="field">
          <CheckboxField id={ids.eligibilityConfirmed} label={labels.eligibilityConfirmed} checked={eligible} onCheckedChange={setEligible} aria-describedby="participant-eligible-hint" />
          <p className="field__hint" id="participant-eligible-hint">
            {t('programmeParticipants.eligibilityHint')}
          </p>
        </div>
        <FormActions busy={busy} submitLabel={t('programmeParticipants.save')} onCancel={onClose} />
      </form>
      {canErase ? <EraseControl participant={participant} onErased={onErased} /> : null}
    </>
  );
}

/** Erasing her for good, once the leader has read what stays behind: anonymous attendance in the counts. */
function EraseControl({ participant, onErased }: { participant: Participant; onErased(name: string): void }) {
  const { t } = useTranslation();
  const [confirm, dialog] = useConfirm();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const name = isolate(participant.preferredName);

  async function erase() {
    const ok = await confirm({
      title: t('programmeParticipants.eraseTitle', { name }),
      body: (
        <>
          <p>{t('programmeParticipants.eraseBody')}</p>
          <p>{t('programmeParticipants.eraseCounts')}</p>
          {participant.ambassadorId ? <p>{t('programmeParticipants.eraseAmbassador')}</p> : null}
        </>
      ),
      confirmLabel: t('programmeParticipants.erase'),
      destructive: true,
    });
    if (!ok) return;
    setBusy(true);
    setProblem(null);
    try {
      await participantsApi.erase(participant.id);
      onErased(participant.preferredName);
    } catch (error) {
      setProblem(describeError(error, t));
      setBusy(false);
    }
  }

  return (
    <div className="section">
      <ErrorNotice message={problem} />
      <p className="section-intro">{t('programmeParticipants.eraseIntro')}</p>
      <button type="button" className="button button--danger-outline" disabled={busy} onClick={() => void erase()}>
        {t('programmeParticipants.erase')}
        <span className="visually-hidden"> {participant.preferredName}</span>
      </button>
      {dialog}
    </div>
  );
}
