import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../platform/api';
import { useConfirm } from '../platform/confirm';
import { describeError, type FormErrors } from '../platform/errors';
import { CheckboxField, ErrorSummary, FormActions, SelectField, TextAreaField, TextField, useFormSending, useFormState } from '../platform/forms';
import { isolate } from '../platform/i18n';
import { ErrorNotice, LoadError, Loading } from '../platform/notices';
import { useResource, type Resource } from '../platform/resource';
import { organisationsApi } from '../organisation/api';
import { amountText, parseAmount } from '../policies/amounts';
import { audiences, programmesApi, textDirection, type Audience, type Named, type Programme, type ProgrammeInput } from './api';
import { useLanguageOptions } from './ProgrammeParts';

interface ProgrammeEditorProps {
  /** The programme to change, or null to create one. */
  programme: Programme | null;
  /** Leaves the fields readable but unchangeable, for those who help run sessions but do not shape programmes. */
  readOnly: boolean;
  onSaved(programme: Programme): void;
  /** Called once the programme is archived or restored; only an existing programme offers it. */
  onStatusChanged?(programme: Programme): void;
}

type Field = 'name' | 'description' | 'language' | 'audience' | 'eligibilityNote' | 'suggestedDonation';

/** A programme's own text, who it is for, what the public is told about it, and who it works with. */
export function ProgrammeEditor({ programme, readOnly, onSaved, onStatusChanged }: ProgrammeEditorProps) {
  const { t } = useTranslation();
  const languageOptions = useLanguageOptions();
  const form = useFormState<Field>({
    idPrefix: 'programme',
    initial: {
      name: programme?.name ?? '',
      description: programme?.description ?? '',
      language: programme?.language ?? 'en',
      audience: programme?.audience ?? 'adults',
      eligibilityNote: programme?.eligibilityNote ?? '',
      suggestedDonation: programme?.suggestedDonationPence ? amountText(programme.suggestedDonationPence) : '',
    },
    labels: {
      name: t('programmes.editor.name'),
      description: t('programmes.editor.description'),
      language: t('programmes.editor.language'),
      audience: t('programmes.editor.audience'),
      eligibilityNote: t('programmes.editor.eligibilityNote'),
      suggestedDonation: t('programmes.editor.suggestedDonation'),
    },
  });
  const [womenOnly, setWomenOnly] = useState(programme?.womenOnly ?? false);
  const [free, setFree] = useState(programme?.free ?? true);
  const [bookingNeeded, setBookingNeeded] = useState(programme?.bookingNeeded ?? false);
  const [shared, setShared] = useState(programme?.shared ?? false);
  const [partnerIds, setPartnerIds] = useState<string[]>(programme?.partners.map((p) => p.id) ?? []);
  const [topicIds, setTopicIds] = useState<string[]>(programme?.topics.map((p) => p.id) ?? []);
  const [organisations, reloadOrganisations] = useResource((signal) => organisationsApi.list(signal), []);
  const [topics, reloadTopics] = useResource((signal) => programmesApi.topics(signal), []);
  const { busy, sendForm } = useFormSending(form.setErrors);
  const { values } = form;
  const direction = textDirection(values.language);

  async function save(event: FormEvent) {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (!values.name.trim()) fields.name = t('forms.required', { field: form.labels.name });
    const donation = values.suggestedDonation.trim() ? parseAmount(values.suggestedDonation) : null;
    if (values.suggestedDonation.trim() && donation === null) fields.suggestedDonation = t('programmes.editor.donationInvalid');
    const body: ProgrammeInput = {
      name: values.name.trim(),
      description: values.description.trim(),
      language: values.language,
      audience: values.audience as Audience,
      womenOnly,
      free,
      bookingNeeded,
      eligibilityNote: values.eligibilityNote.trim() || null,
      suggestedDonationPence: donation,
      shared,
      partnerOrganisationIds: partnerIds,
      topicIds,
    };
    await sendForm(
      fields,
      async () => onSaved(programme ? await programmesApi.update(programme.id, body) : await programmesApi.create({ ...body, name: body.name ?? '' })),
      (error, errors) => placeErrors(error, errors),
    );
  }

  function placeErrors(error: unknown, errors: FormErrors): FormErrors {
    const { suggestedDonationPence, ...rest } = errors.fields;
    const fields: Record<string, string> = suggestedDonationPence ? { ...rest, suggestedDonation: suggestedDonationPence } : rest;
    if (error instanceof ApiError && error.status === 409 && !fields.name) fields.name = t('programmes.editor.nameTaken');
    return { ...errors, fields };
  }

  return (
    <>
      <ErrorSummary errors={form.errors} fieldIds={form.ids} fieldLabels={form.labels} />
      <form className="form card" noValidate onSubmit={(e) => void save(e)} aria-labelledby="programme-details-heading">
        <fieldset className="radios form" disabled={readOnly}>
          <legend className="visually-hidden">{t('programmes.editor.heading')}</legend>
          <div className="form-grid">
            <SelectField {...form.field('language')} hint={t('programmes.editor.languageHint')} options={languageOptions()} />
            <SelectField {...form.field('audience')} options={audiences.map((value) => ({ value, label: t(`programmes.audiences.${value}`) }))} />
          </div>
          <TextField {...form.field('name')} lang={values.language} dir={direction} maxLength={200} autoComplete="off" required />
          <TextAreaField {...form.field('description')} lang={values.language} dir={direction} optional maxLength={4000} rows={5} />
          <fieldset className="radios">
            <legend>{t('programmes.editor.publicBadges')}</legend>
            <CheckboxField id="programme-women-only" label={t('programmes.editor.womenOnly')} checked={womenOnly} onCheckedChange={setWomenOnly} />
            <CheckboxField id="programme-free" label={t('programmes.editor.free')} checked={free} onCheckedChange={setFree} />
            <CheckboxField id="programme-no-booking" label={t('programmes.editor.noBookingNeeded')} checked={!bookingNeeded} onCheckedChange={(checked) => setBookingNeeded(!checked)} />
          </fieldset>
          <TextAreaField {...form.field('eligibilityNote')} hint={t('programmes.editor.eligibilityNoteHint')} lang={values.language} dir={direction} optional maxLength={1000} />
          <TextField {...form.field('suggestedDonation')} hint={t('programmes.editor.suggestedDonationHint')} inputMode="decimal" dir="ltr" optional autoComplete="off" maxLength={10} />
          <CheckboxField id="programme-shared" label={t('programmes.editor.shared')} checked={shared} onCheckedChange={setShared} />
          <ChoiceList
            legend={t('programmes.editor.partners')}
            idPrefix="programme-partner"
            resource={organisations}
            onRetry={reloadOrganisations}
            empty={t('programmes.editor.noPartners')}
            chosen={partnerIds}
            onChange={setPartnerIds}
          />
          <ChoiceList
            legend={t('programmes.editor.topics')}
            idPrefix="programme-topic"
            resource={topics}
            onRetry={reloadTopics}
            empty={t('programmes.editor.noTopics')}
            chosen={topicIds}
            onChange={setTopicIds}
          />
        </fieldset>
        {readOnly ? null : <FormActions busy={busy} submitLabel={programme ? t('programmes.editor.save') : t('programmes.editor.create')} />}
      </form>
      {programme && onStatusChanged && !readOnly ? <ArchiveControl programme={programme} onChanged={onStatusChanged} /> : null}
    </>
  );
}

/**
 * Archiving takes a programme off the public pages and feeds while keeping its sessions, registers
 * and reports; restoring brings it back as it was.
 */
function ArchiveControl({ programme, onChanged }: { programme: Programme; onChanged(programme: Programme): void }) {
  const { t } = useTranslation();
  const [confirm, dialog] = useConfirm();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const action = programme.status === 'active' ? 'archive' : 'restore';
  const name = isolate(programme.name);

  async function change() {
    const ok = await confirm({
      title: t(`programmes.${action}.title`, { name }),
      body: <p>{t(`programmes.${action}.body`)}</p>,
      confirmLabel: t(`programmes.${action}.button`),
      destructive: action === 'archive',
    });
    if (!ok) return;
    setBusy(true);
    setProblem(null);
    try {
      onChanged(await programmesApi.update(programme.id, { status: action === 'archive' ? 'archived' : 'active' }));
    } catch (error) {
      setProblem(describeError(error, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="subsection">
      <ErrorNotice message={problem} />
      <p className="section-intro">{t(`programmes.${action}.intro`)}</p>
      <button type="button" className={action === 'archive' ? 'button button--danger-outline' : 'button button--secondary'} disabled={busy} onClick={() => void change()}>
        {t(`programmes.${action}.button`)}
      </button>
      {dialog}
    </div>
  );
}

interface ChoiceListProps {
  legend: string;
  idPrefix: string;
  resource: Resource<{ items: Named[] }>;
  onRetry(): void;
  empty: string;
  chosen: string[];
  onChange(ids: string[]): void;
}

/** Ticks for choosing several of a loaded list, such as partner organisations or skill topics. */
function ChoiceList({ legend, idPrefix, resource, onRetry, empty, chosen, onChange }: ChoiceListProps) {
  return (
    <fieldset className="radios">
      <legend>{legend}</legend>
      {resource.status === 'loading' ? <Loading /> : null}
      {resource.status === 'error' ? <LoadError error={resource.error} onRetry={onRetry} /> : null}
      {resource.status === 'ready' && resource.data.items.length === 0 ? <p className="field__hint">{empty}</p> : null}
      {resource.status === 'ready'
        ? resource.data.items.map((item) => (
            <CheckboxField
              key={item.id}
              id={`${idPrefix}-${item.id}`}
              label={<bdi>{item.name}</bdi>}
              checked={chosen.includes(item.id)}
              onCheckedChange={(checked) => onChange(checked ? [...chosen, item.id] : chosen.filter((id) => id !== item.id))}
            />
          ))
        : null}
    </fieldset>
  );
}
