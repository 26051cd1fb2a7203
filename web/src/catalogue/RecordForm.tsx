import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
// The server's own ISBN check (pure, no imports), so the form refuses exactly what the API would.
import { normaliseIsbn } from '../../../src/catalogue/isbn';
import { ErrorSummary, FormActions, SelectField, TextAreaField, TextField, useFormSending, useFormState } from '../platform/forms';
import { focusSoon } from '../platform/page';
import { audiences, catalogueApi, formats, type Audience, type CatalogueRecord, type Format, type RecordInput } from './api';

interface RecordFormProps {
  /** The record being changed; without one the form adds a new record. */
  record: CatalogueRecord | null;
  onSaved(record: CatalogueRecord): void;
  onCancel?(): void;
}

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

/** Authors, one field each; a key per row keeps each field's text with it when another is removed. */
interface AuthorRow {
  key: number;
  name: string;
}

let authorKeys = 0;
const authorRow = (name: string): AuthorRow => ({ key: ++authorKeys, name });

export function RecordForm({ record, onSaved, onCancel }: RecordFormProps) {
  const { t } = useTranslation();
  const prefix = record ? 'record-edit' : 'record-new';
  const form = useFormState({
    idPrefix: prefix,
    initial: {
      title: record?.title ?? '',
      subtitle: record?.subtitle ?? '',
      format: record?.format ?? 'book',
      audience: record?.audience ?? '',
      language: record?.language ?? '',
      publisher: record?.publisher ?? '',
      publicationYear: record?.publicationYear?.toString() ?? '',
      subjects: record?.subjects.join('\n') ?? '',
      genres: record?.genres.join('\n') ?? '',
      isbns: record?.isbns.join('\n') ?? '',
      summary: record?.summary ?? '',
      coverUrl: record?.coverUrl ?? '',
    },
    labels: {
      title: t('cataloguing.record.title'),
      subtitle: t('cataloguing.record.subtitle'),
      format: t('cataloguing.record.format'),
      audience: t('cataloguing.record.audience'),
      language: t('cataloguing.record.language'),
      publisher: t('cataloguing.record.publisher'),
      publicationYear: t('cataloguing.record.publicationYear'),
      subjects: t('cataloguing.record.subjects'),
      genres: t('cataloguing.record.genres'),
      isbns: t('cataloguing.record.isbns'),
      summary: t('cataloguing.record.summary'),
      coverUrl: t('cataloguing.record.coverUrl'),
    },
  });
  const [authors, setAuthors] = useState<AuthorRow[]>(() => (record && record.authors.length > 0 ? record.authors.map(authorRow) : [authorRow('')]));
  const { values, errors, setErrors } = form;
  const authorId = (index: number) => `${prefix}-authors-${index}`;
  const fieldIds = { ...form.ids, authors: authorId(0) };
  const fieldLabels = { ...form.labels, authors: t('cataloguing.record.authors') };
  const { busy, sendForm } = useFormSending(setErrors);

  function check(): Record<string, string> {
    const fields: Record<string, string> = {};
    if (!values.title.trim()) fields.title = t('forms.required', { field: form.labels.title });
    const badIsbns = lines(values.isbns).filter((isbn) => normaliseIsbn(isbn) === null);
    if (badIsbns.length > 0) fields.isbns = t('cataloguing.record.badIsbns', { count: badIsbns.length, isbns: badIsbns.join(t('common.listSeparator')) });
    if (values.language.trim() && !/^[a-z]{3}$/i.test(values.language.trim())) fields.language = t('cataloguing.record.badLanguage');
    const year = values.publicationYear.trim();
    if (year && !(/^\d{4}$/.test(year) && Number(year) >= 1000 && Number(year) <= 2999)) fields.publicationYear = t('cataloguing.record.badYear');
    if (values.coverUrl.trim() && !/^https?:\/\/\S+$/i.test(values.coverUrl.trim())) fields.coverUrl = t('forms.invalidUrl');
    return fields;
  }

  function body(): RecordInput {
    const text = (value: string) => value.trim() || null;
    return {
      title: values.title.trim(),
      subtitle: text(values.subtitle),
      authors: authors.map((a) => a.name.trim()).filter(Boolean),
      subjects: lines(values.subjects),
      genres: lines(values.genres),
      isbns: lines(values.isbns),
      format: values.format as Format,
      language: text(values.language.toLowerCase()),
      audience: (values.audience || null) as Audience | null,
      summary: text(values.summary),
      publisher: text(values.publisher),
      publicationYear: values.publicationYear.trim() ? Number(values.publicationYear.trim()) : null,
      coverUrl: text(values.coverUrl),
    };
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const fields = check();
    await sendForm(fields, async () => {
      onSaved(record ? await catalogueApi.updateRecord(record.id, body()) : await catalogueApi.createRecord(body()));
    });
  }

  function removeAuthor(index: number) {
    setAuthors((current) => current.filter((_, i) => i !== index));
    focusSoon(authorId(Math.max(0, index - 1)));
  }

  function addAuthor() {
    setAuthors((current) => [...current, authorRow('')]);
    focusSoon(authorId(authors.length));
  }

  return (
    <>
      <ErrorSummary errors={errors} fieldIds={fieldIds} fieldLabels={fieldLabels} />
      <form className="form card" noValidate onSubmit={submit} aria-labelledby={`${prefix}-heading`}>
        <TextField {...form.field('title')} dir="auto" autoComplete="off" maxLength={500} required />
        <TextField {...form.field('subtitle')} optional dir="auto" autoComplete="off" maxLength={500} />
        <fieldset className={`radios${errors.fields.authors ? ' field--error' : ''}`} aria-describedby={errors.fields.authors ? `${prefix}-authors-error` : undefined}>
          <legend>
            {fieldLabels.authors} <span className="field__optional">{t('forms.optional')}</span>
          </legend>
          {errors.fields.authors ? (
            <p className="field__error" id={`${prefix}-authors-error`}>
              <span className="visually-hidden">{t('forms.errorPrefix')} </span>
              {errors.fields.authors}
            </p>
          ) : null}
          {authors.map((author, index) => (
            <div className="inline-form" key={author.key}>
              <TextField
                id={authorId(index)}
                label={t('cataloguing.record.author', { number: index + 1 })}
                dir="auto"
                autoComplete="off"
                maxLength={200}
                value={author.name}
                onValueChange={(name) => setAuthors((current) => current.map((a) => (a.key === author.key ? { ...a, name } : a)))}
              />
              {authors.length > 1 ? (
                <button type="button" className="button button--secondary" onClick={() => removeAuthor(index)} aria-label={t('cataloguing.record.removeAuthorNumber', { number: index + 1 })}>
                  {t('cataloguing.record.removeAuthor')}
                </button>
              ) : null}
            </div>
          ))}
          <div className="button-row">
            <button type="button" className="button button--secondary" onClick={addAuthor}>
              {t('cataloguing.record.addAuthor')}
            </button>
          </div>
        </fieldset>
        <div className="form-grid">
          <SelectField {...form.field('format')} options={formats.map((value) => ({ value, label: t(`catalogue.formats.${value}`) }))} />
          <SelectField
            {...form.field('audience')}
            optional
            options={[{ value: '', label: t('cataloguing.record.noAudience') }, ...audiences.map((value) => ({ value, label: t(`catalogue.audiences.${value}`) }))]}
          />
          <TextField {...form.field('language')} optional hint={t('cataloguing.record.languageHint')} dir="ltr" autoComplete="off" maxLength={3} />
          <TextField {...form.field('publicationYear')} optional inputMode="numeric" dir="ltr" autoComplete="off" maxLength={4} />
          <TextField {...form.field('publisher')} optional dir="auto" autoComplete="off" maxLength={300} />
        </div>
        <div className="form-grid">
          <TextAreaField {...form.field('subjects')} optional hint={t('cataloguing.record.onePerLine')} dir="auto" />
          <TextAreaField {...form.field('genres')} optional hint={t('cataloguing.record.onePerLine')} dir="auto" />
          <TextAreaField {...form.field('isbns')} optional hint={t('cataloguing.record.isbnsHint')} dir="ltr" />
        </div>
        <TextAreaField {...form.field('summary')} optional dir="auto" rows={5} maxLength={5000} />
        <TextField {...form.field('coverUrl')} optional type="url" dir="ltr" autoComplete="off" maxLength={1000} />
        <FormActions busy={busy} submitLabel={record ? t('cataloguing.record.save') : t('cataloguing.record.create')} onCancel={onCancel} />
      </form>
    </>
  );
}
