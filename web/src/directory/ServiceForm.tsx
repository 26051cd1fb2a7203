import { useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../platform/api';
import { useAuth } from '../platform/auth';
import { fieldRoot, type FormErrors } from '../platform/errors';
import { CheckboxField, ErrorSummary, FormActions, SelectField, TextAreaField, TextField, useFormSending, useFormState } from '../platform/forms';
import { LoadError, Loading } from '../platform/notices';
import { useResource } from '../platform/resource';
import { organisationsApi, type Weekday } from '../organisation/api';
import { directoryApi, serviceStatuses, type DirectoryService, type ServiceInput, type ServiceStatus } from './api';
import { draftsOf, nestedInput, nestedProblems, schedulesOf, type NestedDrafts } from './drafts';
import { useLanguageNames } from './parts';
import { ContactsEditor, fieldId, HoursEditor, LocationsEditor, PhonesEditor, useRowFieldLabel, type ListName } from './ServiceLists';

type Field =
  | 'organisationId'
  | 'name'
  | 'alternateName'
  | 'description'
  | 'status'
  | 'url'
  | 'email'
  | 'eligibilityDescription'
  | 'minimumAge'
  | 'maximumAge'
  | 'feesDescription'
  | 'applicationProcess'
  | 'interpretationServices'
  | 'typicalResponseDays';

const FIELDS: readonly Field[] = ['organisationId', 'name', 'alternateName', 'description', 'status', 'url', 'email', 'eligibilityDescription', 'minimumAge', 'maximumAge', 'feesDescription', 'applicationProcess', 'interpretationServices', 'typicalResponseDays'];

interface ServiceFormProps {
  /** The service to change, or null to list a new one. */
  service: DirectoryService | null;
  onSaved(service: DirectoryService): void;
  onCancel(): void;
}

const text = (value: string | number | null | undefined) => (value === null || value === undefined ? '' : String(value));
const orNull = (value: string) => value.trim() || null;
const wholeOrNull = (value: string) => (value.trim() ? Number(value.trim()) : null);
const isWhole = (value: string, min: number, max: number) => !value.trim() || (/^\d+$/.test(value.trim()) && Number(value) >= min && Number(value) <= max);

/** The body path a server error names, as the form keys it: "body/locations/0/city" → "locations.0.city". */
const errorPath = (field: string) => field.split(/[./[\]]+/).filter(Boolean).filter((part, i) => i > 0 || part !== 'body').join('.');

/** A service's details, the needs it meets, its languages, places, phones, contacts and weekly hours. */
export function ServiceForm({ service, onSaved, onCancel }: ServiceFormProps) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const languageNames = useLanguageNames();
  const rowLabel = useRowFieldLabel();
  const choosesOrganisation = !service && user?.role !== 'partner_caseworker';
  const form = useFormState<Field>({
    idPrefix: 'service',
    initial: {
      organisationId: '',
      name: text(service?.name),
      alternateName: text(service?.alternateName),
      description: text(service?.description),
      status: service?.status ?? 'active',
      url: text(service?.url),
      email: text(service?.email),
      eligibilityDescription: text(service?.eligibilityDescription),
      minimumAge: text(service?.minimumAge),
      maximumAge: text(service?.maximumAge),
      feesDescription: text(service?.feesDescription),
      applicationProcess: text(service?.applicationProcess),
      interpretationServices: text(service?.interpretationServices),
      typicalResponseDays: text(service?.typicalResponseDays),
    },
    labels: Object.fromEntries(FIELDS.map((field) => [field, t(`directory.fields.${field}`)])) as Record<Field, string>,
  });
  const [acceptingReferrals, setAcceptingReferrals] = useState(service?.acceptingReferrals ?? true);
  const [languages, setLanguages] = useState<string[]>(service?.languages ?? []);
  const [termIds, setTermIds] = useState<string[]>(service?.terms.map((term) => term.id) ?? []);
  const [drafts, setDrafts] = useState<NestedDrafts>(() => draftsOf(service));
  const { busy, sendForm } = useFormSending(form.setErrors);
  const { values, errors } = form;
  const setList = <K extends keyof NestedDrafts>(key: K) => (value: NestedDrafts[K]) => setDrafts((current) => ({ ...current, [key]: value }));

  function ownProblems(): Record<string, string> {
    const fields: Record<string, string> = {};
    const required = (field: Field) => t('forms.required', { field: form.labels[field] });
    if (choosesOrganisation && !values.organisationId) fields.organisationId = required('organisationId');
    if (!values.name.trim()) fields.name = required('name');
    if (values.url.trim() && !/^https?:\/\/\S+$/i.test(values.url.trim())) fields.url = t('forms.invalidUrl');
    if (values.email.trim() && !/^[^\s@]+@[^\s@]+$/.test(values.email.trim())) fields.email = t('forms.invalidEmail');
    for (const age of ['minimumAge', 'maximumAge'] as const) if (!isWhole(values[age], 0, 130)) fields[age] = t('directory.form.problems.age');
    if (!fields.minimumAge && !fields.maximumAge && values.minimumAge.trim() && values.maximumAge.trim() && Number(values.minimumAge) > Number(values.maximumAge)) {
      fields.maximumAge = t('directory.form.problems.ageOrder');
    }
    if (!isWhole(values.typicalResponseDays, 1, 365)) fields.typicalResponseDays = t('directory.form.problems.responseDays');
    for (const [path, problem] of Object.entries(nestedProblems(drafts))) fields[path] = t(`directory.form.problems.${problem}`);
    return fields;
  }

  function body(): ServiceInput {
    return {
      ...(choosesOrganisation ? { organisationId: values.organisationId } : {}),
      name: values.name.trim(),
      alternateName: orNull(values.alternateName),
      description: values.description.trim(),
      url: orNull(values.url),
      email: orNull(values.email),
      status: values.status as ServiceStatus,
      eligibilityDescription: orNull(values.eligibilityDescription),
      minimumAge: wholeOrNull(values.minimumAge),
      maximumAge: wholeOrNull(values.maximumAge),
      feesDescription: orNull(values.feesDescription),
      applicationProcess: orNull(values.applicationProcess),
      interpretationServices: orNull(values.interpretationServices),
      acceptingReferrals,
      typicalResponseDays: wholeOrNull(values.typicalResponseDays),
      languages,
      termIds,
      ...nestedInput(drafts),
    };
  }

  /** Puts each field error the server names beside its field, down to a row of a nested list or a day of the week. */
  function placeServerErrors(error: unknown, formErrors: FormErrors): FormErrors {
    if (!(error instanceof ApiError) || error.fieldErrors.length === 0) return formErrors;
    const { firstDays } = schedulesOf(drafts.hours);
    const fields: Record<string, string> = {};
    for (const item of error.fieldErrors) {
      let path = errorPath(item.field);
      const schedule = /^schedules\.(\d+)/.exec(path);
      if (schedule) path = `hours.${firstDays[Number(schedule[1])] ?? 1}`;
      else if (/^locations\.\d+$/.test(path)) path = `${path}.${error.code === 'coordinates_incomplete' ? 'latitude' : 'address1'}`;
      else if (!/^(locations|phones|contacts)\.\d+\./.test(path)) path = fieldRoot(path);
      // A schema pattern means nothing to the person typing; the field's own label says what is asked.
      const message = item.message.startsWith('must match pattern') ? t('directory.form.problems.format') : item.message;
      fields[path] = fields[path] ? `${fields[path]} ${message}` : message;
    }
    return { ...formErrors, fields };
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    await sendForm(ownProblems(), async () => onSaved(service ? await directoryApi.update(service.id, body()) : await directoryApi.create(body())), placeServerErrors);
  }

  const errorIds = Object.fromEntries(Object.keys(errors.fields).map((path) => [path, idOfError(path, form.ids)]));
  const errorLabels = Object.fromEntries(Object.keys(errors.fields).map((path) => [path, labelOfError(path, form.labels, t, rowLabel)]));

  return (
    <>
      <ErrorSummary errors={errors} fieldIds={errorIds} fieldLabels={errorLabels} />
      <form className="form card" noValidate onSubmit={(e) => void save(e)} aria-labelledby="page-title">
        {choosesOrganisation ? <OrganisationField {...form.field('organisationId')} /> : null}
        {service ? (
          <p>
            {t('directory.form.offeredBy')} <bdi>{service.organisation.name}</bdi>
          </p>
        ) : null}
        <div className="form-grid">
          <TextField {...form.field('name')} dir="auto" maxLength={200} autoComplete="off" required />
          <TextField {...form.field('alternateName')} dir="auto" maxLength={200} autoComplete="off" optional />
        </div>
        <TextAreaField {...form.field('description')} dir="auto" maxLength={4000} rows={5} />
        <CheckboxField id="service-accepting" label={t('directory.fields.acceptingReferrals')} checked={acceptingReferrals} onCheckedChange={setAcceptingReferrals} />
        <div className="form-grid">
          <TextField {...form.field('typicalResponseDays')} hint={t('directory.form.responseDaysHint')} inputMode="numeric" dir="ltr" maxLength={3} optional />
          <SelectField {...form.field('status')} options={serviceStatuses.map((status) => ({ value: status, label: t(`directory.statuses.${status}`) }))} />
          <TextField {...form.field('minimumAge')} inputMode="numeric" dir="ltr" maxLength={3} optional />
          <TextField {...form.field('maximumAge')} inputMode="numeric" dir="ltr" maxLength={3} optional />
          <TextField {...form.field('url')} type="url" dir="ltr" spellCheck={false} maxLength={500} optional />
          <TextField {...form.field('email')} type="email" dir="ltr" spellCheck={false} maxLength={200} optional />
        </div>
        <TextAreaField {...form.field('eligibilityDescription')} dir="auto" maxLength={2000} optional />
        <TextAreaField {...form.field('feesDescription')} dir="auto" maxLength={2000} optional />
        <TextAreaField {...form.field('applicationProcess')} dir="auto" maxLength={2000} optional />
        <TextAreaField {...form.field('interpretationServices')} dir="auto" maxLength={2000} optional />
        <TermChoices chosen={termIds} onChange={setTermIds} error={errors.fields.termIds} />
        <Ticks
          legend={t('directory.fields.languages')}
          legendId="service-languages-legend"
          idPrefix="service-language"
          options={languageNames.options(languages)}
          chosen={languages}
          onChange={setLanguages}
          error={errors.fields.languages}
        />
        <LocationsEditor rows={drafts.locations} errors={errors.fields} onChange={setList('locations')} />
        <HoursEditor hours={drafts.hours} errors={errors.fields} onChange={setList('hours')} />
        <PhonesEditor rows={drafts.phones} errors={errors.fields} onChange={setList('phones')} />
        <ContactsEditor rows={drafts.contacts} errors={errors.fields} onChange={setList('contacts')} />
        <FormActions busy={busy} submitLabel={service ? t('directory.form.save') : t('directory.form.create')} onCancel={onCancel} />
      </form>
    </>
  );
}

function idOfError(path: string, ids: Record<Field, string>): string {
  const day = /^hours\.(\d)$/.exec(path);
  if (day) return `service-hours-${day[1]}-opens`;
  if (path === 'termIds' || path === 'languages') return `service-${path}-legend`;
  return ids[path as Field] ?? fieldId(path);
}

function labelOfError(path: string, labels: Record<Field, string>, t: TFunction, rowLabel: ReturnType<typeof useRowFieldLabel>): string {
  const row = /^(locations|phones|contacts)\.(\d+)\.(\w+)$/.exec(path);
  if (row) {
    const list = row[1] as ListName;
    return t('directory.form.rowField', { item: t(`directory.form.${list}.item`, { number: Number(row[2]) + 1 }), field: rowLabel(list, row[3]!) });
  }
  const day = /^hours\.([1-7])$/.exec(path);
  if (day) return t(`weekdays.long.${Number(day[1]) as Weekday}`);
  if (path === 'termIds') return t('directory.fields.needs');
  return labels[path as Field] ?? path;
}

function OrganisationField(props: ReturnType<ReturnType<typeof useFormState<Field>>['field']>) {
  const { t } = useTranslation();
  const [organisations, reload] = useResource((signal) => organisationsApi.list(signal), []);
  if (organisations.status === 'loading') return <Loading />;
  if (organisations.status === 'error') return <LoadError error={organisations.error} onRetry={reload} />;
  return (
    <SelectField
      {...props}
      hint={t('directory.form.organisationHint')}
      options={[{ value: '', label: t('directory.form.chooseOrganisation') }, ...organisations.data.items.map((o) => ({ value: o.id, label: o.name }))]}
    />
  );
}

function TermChoices({ chosen, onChange, error }: { chosen: string[]; onChange(ids: string[]): void; error: string | undefined }) {
  const { t } = useTranslation();
  const [taxonomies, reload] = useResource((signal) => directoryApi.taxonomies(signal), []);
  if (taxonomies.status === 'loading') return <Loading />;
  if (taxonomies.status === 'error') return <LoadError error={taxonomies.error} onRetry={reload} />;
  const options = taxonomies.data.items.flatMap((taxonomy) => taxonomy.terms.map((term) => ({ value: term.id, label: term.name, depth: term.depth })));
  return <Ticks legend={t('directory.fields.needs')} legendId="service-termIds-legend" idPrefix="service-term" options={options} chosen={chosen} onChange={onChange} error={error} empty={t('directory.form.noTerms')} />;
}

interface TicksProps {
  legend: string;
  /** The legend's id, which the error summary links to. */
  legendId: string;
  idPrefix: string;
  options: { value: string; label: string; depth?: number }[];
  chosen: string[];
  onChange(values: string[]): void;
  error: string | undefined;
  empty?: string;
}

/** Ticks for choosing several of a list, indented where the list is a tree. */
function Ticks({ legend, legendId, idPrefix, options, chosen, onChange, error, empty }: TicksProps) {
  const { t } = useTranslation();
  return (
    <fieldset className={`radios${error ? ' field--error' : ''}`} aria-describedby={error ? `${idPrefix}-error` : undefined}>
      <legend id={legendId} tabIndex={-1}>
        {legend}
      </legend>
      {error ? (
        <p className="field__error" id={`${idPrefix}-error`}>
          <span className="visually-hidden">{t('forms.errorPrefix')} </span>
          {error}
        </p>
      ) : null}
      {options.length === 0 && empty ? <p className="field__hint">{empty}</p> : null}
      {options.map((option) => (
        <CheckboxField
          key={option.value}
          id={`${idPrefix}-${option.value}`}
          style={{ marginInlineStart: `${(option.depth ?? 0) * 1.5}rem` }}
          label={<bdi>{option.label}</bdi>}
          checked={chosen.includes(option.value)}
          onCheckedChange={(checked) => onChange(checked ? [...chosen, option.value] : chosen.filter((value) => value !== option.value))}
        />
      ))}
    </fieldset>
  );
}
