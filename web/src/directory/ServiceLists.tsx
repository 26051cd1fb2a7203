import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SelectField, TextField } from '../platform/forms';
import { focusSoon } from '../platform/page';
import { weekdays, type Weekday } from '../organisation/api';
import { DayHoursFieldset, type WeekHours } from '../organisation/openingHours';
import { phoneTypes } from './api';
import { emptyContact, emptyLocation, emptyPhone, type ContactDraft, type LocationDraft, type PhoneDraft } from './drafts';

/** The element id of a form field named by its body path, such as "locations.0.postalCode". */
export const fieldId = (path: string) => `service-${path.replaceAll('.', '-')}`;

export type ListName = 'locations' | 'phones' | 'contacts';

/** The label of a field of a row of one of the lists, by the field's name in the body. */
export function useRowFieldLabel() {
  const { t } = useTranslation();
  return (list: ListName, field: string): string => {
    switch (list) {
      case 'locations':
        return t(`directory.form.locations.${field as Exclude<keyof LocationDraft, 'key'>}`);
      case 'phones':
        return t(`directory.form.phones.${field as Exclude<keyof PhoneDraft, 'key'>}`);
      case 'contacts':
        return t(`directory.form.contacts.${field as Exclude<keyof ContactDraft, 'key'>}`);
    }
  };
}

interface RowsProps<Row extends { key: string }> {
  list: ListName;
  rows: Row[];
  errors: Record<string, string>;
  onChange(rows: Row[]): void;
}

interface ListEditorProps<Row extends { key: string }> extends RowsProps<Row> {
  empty(): Row;
  /** The first field of a row, focused when the row is added. */
  firstField: keyof Row & string;
  /** The row's own fields, given a way to bind each to its value, id and error. */
  fields(bind: (field: keyof Row & string, label: string) => BoundRowField, index: number): ReactNode;
}

interface BoundRowField {
  id: string;
  label: string;
  value: string;
  error: string | undefined;
  onValueChange(value: string): void;
}

/**
 * One of the service's lists (places, phones, contacts) as a group of fieldsets, each row with its
 * own Remove button and the list with an Add button; focus follows what was added or removed.
 */
function ListEditor<Row extends { key: string }>({ list, rows, errors, onChange, empty, firstField, fields }: ListEditorProps<Row>) {
  const { t } = useTranslation();
  const addId = `service-${list}-add`;

  function add() {
    onChange([...rows, empty()]);
    focusSoon(fieldId(`${list}.${rows.length}.${firstField}`));
  }

  function remove(index: number) {
    onChange(rows.filter((_, i) => i !== index));
    focusSoon(addId);
  }

  return (
    <fieldset className="radios">
      <legend>{t(`directory.form.${list}.legend`)}</legend>
      {rows.length === 0 ? <p className="field__hint">{t(`directory.form.${list}.none`)}</p> : null}
      {rows.map((row, index) => {
        const bind = (field: keyof Row & string, label: string): BoundRowField => {
          const path = `${list}.${index}.${field}`;
          return {
            id: fieldId(path),
            label,
            value: String(row[field] ?? ''),
            error: errors[path],
            onValueChange: (value) => onChange(rows.map((r, i) => (i === index ? { ...r, [field]: value } : r))),
          };
        };
        const legend = t(`directory.form.${list}.item`, { number: index + 1 });
        return (
          <fieldset key={row.key} className="card">
            <legend>{legend}</legend>
            <div className="form-grid">{fields(bind, index)}</div>
            <button type="button" className="button button--small button--danger-outline" onClick={() => remove(index)}>
              {t('directory.form.remove', { item: legend })}
            </button>
          </fieldset>
        );
      })}
      <div className="button-row">
        <button type="button" id={addId} className="button button--secondary" onClick={add}>
          {t(`directory.form.${list}.add`)}
        </button>
      </div>
    </fieldset>
  );
}

export function LocationsEditor(props: Omit<RowsProps<LocationDraft>, 'list'>) {
  const { t } = useTranslation();
  const rowLabel = useRowFieldLabel();
  const label = (field: Exclude<keyof LocationDraft, 'key'>) => rowLabel('locations', field);
  return (
    <ListEditor
      {...props}
      list="locations"
      empty={emptyLocation}
      firstField="name"
      fields={(bind) => (
        <>
          <TextField {...bind('name', label('name'))} optional dir="auto" maxLength={200} />
          <TextField {...bind('address1', label('address1'))} dir="auto" autoComplete="address-line1" maxLength={200} required />
          <TextField {...bind('address2', label('address2'))} optional dir="auto" autoComplete="address-line2" maxLength={200} />
          <TextField {...bind('city', label('city'))} dir="auto" autoComplete="address-level2" maxLength={100} required />
          <TextField {...bind('region', label('region'))} optional dir="auto" maxLength={100} />
          <TextField {...bind('postalCode', label('postalCode'))} dir="ltr" autoComplete="postal-code" autoCapitalize="characters" maxLength={10} required />
          <TextField {...bind('latitude', label('latitude'))} hint={t('directory.form.locations.coordinatesHint')} optional dir="ltr" inputMode="decimal" maxLength={20} />
          <TextField {...bind('longitude', label('longitude'))} optional dir="ltr" inputMode="decimal" maxLength={20} />
        </>
      )}
    />
  );
}

export function PhonesEditor(props: Omit<RowsProps<PhoneDraft>, 'list'>) {
  const { t } = useTranslation();
  const rowLabel = useRowFieldLabel();
  const label = (field: Exclude<keyof PhoneDraft, 'key'>) => rowLabel('phones', field);
  return (
    <ListEditor
      {...props}
      list="phones"
      empty={emptyPhone}
      firstField="number"
      fields={(bind) => (
        <>
          <TextField {...bind('number', label('number'))} type="tel" dir="ltr" maxLength={40} required />
          <SelectField
            {...bind('type', label('type'))}
            optional
            options={[{ value: '', label: t('directory.form.phones.anyType') }, ...phoneTypes.map((type) => ({ value: type, label: t(`directory.phoneTypes.${type}`) }))]}
          />
          <TextField {...bind('description', label('description'))} hint={t('directory.form.phones.descriptionHint')} optional dir="auto" maxLength={200} />
        </>
      )}
    />
  );
}

export function ContactsEditor(props: Omit<RowsProps<ContactDraft>, 'list'>) {
  const rowLabel = useRowFieldLabel();
  const label = (field: Exclude<keyof ContactDraft, 'key'>) => rowLabel('contacts', field);
  return (
    <ListEditor
      {...props}
      list="contacts"
      empty={emptyContact}
      firstField="name"
      fields={(bind) => (
        <>
          <TextField {...bind('name', label('name'))} optional dir="auto" maxLength={200} />
          <TextField {...bind('title', label('title'))} optional dir="auto" maxLength={200} />
          <TextField {...bind('email', label('email'))} optional type="email" dir="ltr" spellCheck={false} maxLength={200} />
        </>
      )}
    />
  );
}

interface HoursEditorProps {
  hours: WeekHours;
  errors: Record<string, string>;
  onChange(hours: WeekHours): void;
}

/** The service's weekly opening times, one line per weekday, in the library service's time zone. */
export function HoursEditor({ hours, errors, onChange }: HoursEditorProps) {
  const { t } = useTranslation();
  const setDay = (day: Weekday, change: Partial<WeekHours[Weekday]>) => onChange({ ...hours, [day]: { ...hours[day], ...change } });
  return (
    <fieldset className="hours-editor" aria-describedby="service-hours-hint">
      <legend>{t('directory.form.hours')}</legend>
      <p className="field__hint" id="service-hours-hint">
        {t('directory.form.hoursHint')}
      </p>
      {weekdays.map((day) => (
        <DayHoursFieldset key={day} id={`service-hours-${day}`} day={day} hours={hours[day]} error={errors[`hours.${day}`]} onChange={(change) => setDay(day, change)} />
      ))}
    </fieldset>
  );
}
