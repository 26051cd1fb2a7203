import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useConfirm } from '../platform/confirm';
import { describeError } from '../platform/errors';
import { ErrorSummary, FormActions, SelectField, TextAreaField, TextField, useFormSending, useFormState } from '../platform/forms';
import { ErrorNotice } from '../platform/notices';
import { focusSoon } from '../platform/page';
import { programmesApi, textDirection, type Programme, type Translation } from './api';
import { useLanguageOptions, useProgrammeLanguageName } from './ProgrammeParts';

export interface PanelProps {
  programme: Programme;
  canEdit: boolean;
  /** Fetches the programme again after a change, and announces what changed. */
  onChanged(message: string): void;
}

/** The programme's name, description and eligibility note in other languages, for its public pages. */
export function TranslationsEditor({ programme, canEdit, onChanged }: PanelProps) {
  const { t } = useTranslation();
  const languageOptions = useLanguageOptions();
  const [adding, setAdding] = useState<string | null>(null);
  const [choice, setChoice] = useState('');
  const taken = [programme.language, ...programme.translations.map((tr) => tr.language)];
  const available = languageOptions(taken);
  const chosen = available.some((option) => option.value === choice) ? choice : (available[0]?.value ?? '');

  function startAdding(event: FormEvent) {
    event.preventDefault();
    if (!chosen) return;
    setAdding(chosen);
    focusSoon(`translation-${chosen}-name`);
  }

  return (
    <section className="section" aria-labelledby="translations-heading">
      <h2 id="translations-heading">{t('programmes.translations.heading')}</h2>
      <p className="section-intro">{t('programmes.translations.intro')}</p>
      {programme.translations.length === 0 && !adding ? <p>{t('programmes.translations.none')}</p> : null}
      {programme.translations.map((translation) => (
        <TranslationForm key={translation.language} programme={programme} translation={translation} canEdit={canEdit} onChanged={onChanged} />
      ))}
      {adding ? (
        <TranslationForm
          key={`new-${adding}`}
          programme={programme}
          translation={{ language: adding, name: '', description: null, eligibilityNote: null }}
          canEdit={canEdit}
          isNew
          onCancel={() => {
            setAdding(null);
            focusSoon('translation-add-language');
          }}
          onChanged={(message) => {
            setAdding(null);
            onChanged(message);
          }}
        />
      ) : null}
      {canEdit && !adding && available.length > 0 ? (
        <form className="inline-form" noValidate onSubmit={startAdding} aria-labelledby="translations-heading">
          <SelectField id="translation-add-language" label={t('programmes.translations.addLanguage')} value={chosen} options={available} onValueChange={setChoice} />
          <button type="submit" className="button button--secondary">
            {t('programmes.translations.add')}
          </button>
        </form>
      ) : null}
    </section>
  );
}

interface TranslationFormProps {
  programme: Programme;
  translation: Translation;
  canEdit: boolean;
  isNew?: boolean;
  onCancel?: () => void;
  onChanged(message: string): void;
}

function TranslationForm({ programme, translation, canEdit, isNew = false, onCancel, onChanged }: TranslationFormProps) {
  const { t } = useTranslation();
  const languageName = useProgrammeLanguageName();
  const language = translation.language;
  const name = languageName(language);
  const form = useFormState<'name' | 'description' | 'eligibilityNote'>({
    idPrefix: `translation-${language}`,
    initial: { name: translation.name, description: translation.description ?? '', eligibilityNote: translation.eligibilityNote ?? '' },
    labels: {
      name: t('programmes.translations.name', { language: name }),
      description: t('programmes.translations.description', { language: name }),
      eligibilityNote: t('programmes.translations.eligibilityNote', { language: name }),
    },
  });
  const { busy, sendForm } = useFormSending(form.setErrors);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirm, dialog] = useConfirm();
  const headingId = `translation-${language}-heading`;
  const text = { lang: language, dir: textDirection(language) };

  async function save(event: FormEvent) {
    event.preventDefault();
    const { values } = form;
    const fields: Record<string, string> = {};
    if (!values.name.trim()) fields.name = t('forms.required', { field: form.labels.name });
    await sendForm(fields, async () => {
      await programmesApi.putTranslation(programme.id, language, {
        name: values.name.trim(),
        description: values.description.trim(),
        eligibilityNote: values.eligibilityNote.trim() || null,
      });
      onChanged(t('programmes.translations.saved', { language: name }));
    });
  }

  async function remove() {
    const ok = await confirm({
      title: t('programmes.translations.removeTitle', { language: name }),
      body: <p>{t('programmes.translations.removeBody', { language: name })}</p>,
      confirmLabel: t('programmes.translations.remove'),
      destructive: true,
    });
    if (!ok) return;
    setProblem(null);
    try {
      await programmesApi.deleteTranslation(programme.id, language);
      onChanged(t('programmes.translations.removed', { language: name }));
      focusSoon('translations-heading');
    } catch (error) {
      setProblem(describeError(error, t));
    }
  }

  return (
    <section className="subsection card" aria-labelledby={headingId}>
      <h3 id={headingId}>{name}</h3>
      <ErrorNotice message={problem} />
      <ErrorSummary errors={form.errors} fieldIds={form.ids} fieldLabels={form.labels} />
      <form className="form" noValidate onSubmit={(e) => void save(e)} aria-labelledby={headingId}>
        <fieldset className="radios form" disabled={!canEdit}>
          <legend className="visually-hidden">{name}</legend>
          <TextField {...form.field('name')} {...text} maxLength={200} autoComplete="off" required />
          <TextAreaField {...form.field('description')} {...text} optional maxLength={4000} rows={4} />
          <TextAreaField {...form.field('eligibilityNote')} {...text} optional maxLength={1000} />
        </fieldset>
        {canEdit ? (
          <div className="button-row">
            <FormActions busy={busy} submitLabel={t('programmes.translations.save', { language: name })} onCancel={onCancel} />
            {isNew ? null : (
              <button type="button" className="button button--danger-outline" onClick={() => void remove()}>
                {t('programmes.translations.removeLanguage', { language: name })}
              </button>
            )}
          </div>
        ) : null}
      </form>
      {dialog}
    </section>
  );
}
