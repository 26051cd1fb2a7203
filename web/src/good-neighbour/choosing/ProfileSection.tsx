import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formats, type Format } from '../../catalogue/api';
import { languageName } from '../../catalogue/parts';
import { noErrors, type FormErrors } from '../../platform/errors';
import { CheckboxField, ErrorSummary, FormActions, TextAreaField, useFormSending } from '../../platform/forms';
import { isolate } from '../../platform/i18n';
import { LoadError, Loading } from '../../platform/notices';
import { focusSoon } from '../../platform/page';
import { useResource } from '../../platform/resource';
import type { Arrangement } from '../api';
import { choosingApi, type ProfileInput, type ReadingProfile } from './api';
import { LANGUAGE_CHOICES } from './parts';

interface ProfileSectionProps {
  arrangement: Arrangement;
  onSaved(): void;
}

/** What the reader likes, edited by staff with the neighbour: it decides what is suggested. */
export function ProfileSection({ arrangement, onSaved }: ProfileSectionProps) {
  const { t } = useTranslation();
  const [profile, reload, update] = useResource((signal) => choosingApi.profile(arrangement.id, signal), [arrangement.id]);
  return (
    <section className="section" aria-labelledby="choosing-profile-heading">
      <h2 id="choosing-profile-heading" tabIndex={-1}>
        {t('choosing.profile.heading')}
      </h2>
      <p className="section-intro">{t('choosing.profile.intro', { name: isolate(arrangement.reader.name) })}</p>
      {profile.status === 'loading' ? <Loading /> : null}
      {profile.status === 'error' ? <LoadError error={profile.error} onRetry={reload} /> : null}
      {profile.status === 'ready' ? (
        <ProfileForm
          key={profile.data.updatedAt ?? 'new'}
          arrangement={arrangement}
          profile={profile.data}
          onSaved={(saved) => {
            update(() => saved);
            onSaved();
            // The form is drawn afresh from what was saved, so its button no longer holds focus.
            focusSoon('choosing-profile-heading');
          }}
        />
      ) : null}
    </section>
  );
}

const FIELD_IDS = { subjects: 'profile-subjects', authors: 'profile-authors', avoid: 'profile-avoid', formats: 'profile-format-book', languages: 'profile-language', notes: 'profile-notes', useHistory: 'profile-history' };

function ProfileForm({ arrangement, profile, onSaved }: { arrangement: Arrangement; profile: ReadingProfile; onSaved(saved: ReadingProfile): void }) {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState<ProfileInput>({
    subjects: profile.subjects,
    authors: profile.authors,
    avoid: profile.avoid,
    formats: profile.formats,
    languages: profile.languages,
    notes: profile.notes,
    useHistory: profile.useHistory,
  });
  const [language, setLanguage] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const set = <K extends keyof ProfileInput>(key: K, value: ProfileInput[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const active = arrangement.status === 'active';
  const { busy, sendForm } = useFormSending(setErrors);

  async function submit(event: FormEvent) {
    event.preventDefault();
    await sendForm({}, async () => {
      onSaved(await choosingApi.saveProfile(arrangement.id, { ...draft, notes: draft.notes?.trim() ? draft.notes : null }));
    });
  }

  const languageChoices = [...new Set([...LANGUAGE_CHOICES, ...draft.languages])].filter((code) => !draft.languages.includes(code));
  const fieldLabels = {
    subjects: t('choosing.profile.subjects'),
    authors: t('choosing.profile.authors'),
    avoid: t('choosing.profile.avoid'),
    formats: t('choosing.profile.formats'),
    languages: t('choosing.profile.languages'),
    notes: t('choosing.profile.notes'),
    useHistory: t('choosing.profile.useHistory'),
  };

  return (
    <form className="form card" aria-labelledby="choosing-profile-heading" onSubmit={(event) => void submit(event)} noValidate>
      <ErrorSummary errors={errors} fieldIds={FIELD_IDS} fieldLabels={fieldLabels} />
      <div className="choosing-profile-grid">
        <ChipsField id={FIELD_IDS.subjects} legend={fieldLabels.subjects} hint={t('choosing.profile.subjectsHint')} addLabel={t('choosing.profile.addSubject')} values={draft.subjects} onChange={(values) => set('subjects', values)} />
        <ChipsField id={FIELD_IDS.authors} legend={fieldLabels.authors} addLabel={t('choosing.profile.addAuthor')} values={draft.authors} onChange={(values) => set('authors', values)} />
        <ChipsField id={FIELD_IDS.avoid} legend={fieldLabels.avoid} hint={t('choosing.profile.avoidHint')} addLabel={t('choosing.profile.addAvoid')} values={draft.avoid} onChange={(values) => set('avoid', values)} />
      </div>
      <fieldset className="choosing-fieldset">
        <legend>{fieldLabels.formats}</legend>
        <p className="field__hint">{t('choosing.profile.formatsHint')}</p>
        <div className="choosing-checks">
          {formats.map((format) => (
            <CheckboxField
              key={format}
              id={`profile-format-${format}`}
              label={t(`catalogue.formats.${format}`)}
              checked={draft.formats.includes(format)}
              onCheckedChange={(checked) => set('formats', checked ? [...draft.formats, format] : draft.formats.filter((f: Format) => f !== format))}
            />
          ))}
        </div>
      </fieldset>
      <fieldset className="choosing-fieldset">
        <legend>{fieldLabels.languages}</legend>
        <ChipList values={draft.languages} label={(code) => languageName(code, i18n.language)} removeLabel={(name) => t('choosing.profile.removeValue', { value: name })} onRemove={(code) => set('languages', draft.languages.filter((l) => l !== code))} />
        <div className="inline-control">
          <label htmlFor={FIELD_IDS.languages} className="visually-hidden">
            {t('choosing.profile.languageToAdd')}
          </label>
          <select id={FIELD_IDS.languages} value={language} onChange={(event) => setLanguage(event.target.value)}>
            <option value="">{t('choosing.profile.chooseLanguage')}</option>
            {languageChoices.map((code) => (
              <option key={code} value={code}>
                {languageName(code, i18n.language)}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={!language}
            onClick={() => {
              set('languages', [...draft.languages, language]);
              setLanguage('');
            }}
          >
            {t('choosing.profile.addLanguage')}
          </button>
        </div>
      </fieldset>
      <TextAreaField id={FIELD_IDS.notes} label={fieldLabels.notes} hint={t('choosing.profile.notesHint')} optional maxLength={2000} value={draft.notes ?? ''} onValueChange={(value) => set('notes', value)} error={errors.fields.notes} />
      <div>
        <CheckboxField
          id={FIELD_IDS.useHistory}
          label={fieldLabels.useHistory}
          checked={draft.useHistory}
          disabled={!profile.historyConsent}
          aria-describedby="profile-history-hint"
          onCheckedChange={(checked) => set('useHistory', checked)}
        />
        <p className="field__hint choosing-indented" id="profile-history-hint">
          {profile.historyConsent ? t('choosing.profile.useHistoryHint') : t('choosing.profile.noHistoryConsent', { name: isolate(arrangement.reader.name) })}
        </p>
      </div>
      {active ? (
        <FormActions busy={busy} submitLabel={t('choosing.profile.save')} />
      ) : null}
    </form>
  );
}

interface ChipListProps {
  values: readonly string[];
  label?(value: string): string;
  removeLabel(label: string): string;
  onRemove(value: string): void;
}

function ChipList({ values, label = (value) => value, removeLabel, onRemove }: ChipListProps) {
  if (values.length === 0) return null;
  return (
    <ul className="choosing-chips">
      {values.map((value) => (
        <li key={value} className="choosing-chip">
          <bdi>{label(value)}</bdi>
          <button type="button" className="choosing-chip__remove" onClick={() => onRemove(value)}>
            <span aria-hidden="true">×</span>
            <span className="visually-hidden">{removeLabel(label(value))}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

interface ChipsFieldProps {
  id: string;
  legend: string;
  hint?: string;
  addLabel: string;
  values: string[];
  onChange(values: string[]): void;
}

/** A list of words or names, each shown as a chip with its own remove button, and a box to add another. */
function ChipsField({ id, legend, hint, addLabel, values, onChange }: ChipsFieldProps) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const add = () => {
    const value = text.trim().replace(/\s+/g, ' ');
    if (value && !values.some((existing) => existing.toLocaleLowerCase() === value.toLocaleLowerCase())) onChange([...values, value]);
    setText('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    add();
  };
  return (
    <fieldset className="choosing-fieldset">
      <legend>{legend}</legend>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <ChipList values={values} removeLabel={(value) => t('choosing.profile.removeValue', { value })} onRemove={(value) => onChange(values.filter((v) => v !== value))} />
      <div className="inline-control">
        <label htmlFor={id} className="visually-hidden">
          {addLabel}
        </label>
        <input id={id} type="text" maxLength={100} value={text} onChange={(event) => setText(event.target.value)} onKeyDown={onKeyDown} aria-describedby={hint ? `${id}-hint` : undefined} />
        <button type="button" className="button button--secondary button--small" onClick={add} disabled={!text.trim()}>
          {t('choosing.profile.add')}
          <span className="visually-hidden"> {legend}</span>
        </button>
      </div>
    </fieldset>
  );
}
