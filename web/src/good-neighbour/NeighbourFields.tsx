import { useTranslation } from 'react-i18next';
import { CheckboxField, SelectField, TextField } from '../platform/forms';
import { isolate } from '../platform/i18n';
import { focusSoon } from '../platform/page';
import { useResource } from '../platform/resource';
import { branchesApi } from '../organisation/api';
import { noticeLanguages } from '../members/api';
import { useLanguageName } from '../members/parts';
import { neighbourFields, visitFrequencies, type NeighbourDraft, type NeighbourField } from './drafts';

export type NeighbourErrors = Partial<Record<NeighbourField, string>>;

/** The element id of a neighbour's field, so error summaries can link to it. */
export const neighbourFieldId = (draft: Pick<NeighbourDraft, 'key'>, field: NeighbourField) => `gn-${draft.key}-${field}`;

/** Element ids and labels of every field of the given neighbours, keyed as `<key>.<field>`. */
export function useNeighbourFieldMaps(drafts: readonly NeighbourDraft[]) {
  const { t } = useTranslation();
  const labels = useNeighbourLabels();
  const ids: Record<string, string> = {};
  const names: Record<string, string> = {};
  drafts.forEach((draft, index) => {
    for (const field of neighbourFields) {
      ids[`${draft.key}.${field}`] = field === 'visitDates' ? `gn-${draft.key}-visit-dates` : neighbourFieldId(draft, field);
      names[`${draft.key}.${field}`] = drafts.length > 1 ? t('goodNeighbour.neighbour.numberedField', { number: index + 1, field: labels[field] }) : labels[field];
    }
  });
  return { ids, labels: names };
}

export function useNeighbourLabels(): Record<NeighbourField, string> {
  const { t } = useTranslation();
  return {
    name: t('goodNeighbour.neighbour.name'),
    relationship: t('goodNeighbour.neighbour.relationship'),
    email: t('goodNeighbour.neighbour.email'),
    phone: t('goodNeighbour.neighbour.phone'),
    cardNumber: t('goodNeighbour.neighbour.cardNumber'),
    branchId: t('goodNeighbour.neighbour.branch'),
    language: t('goodNeighbour.neighbour.language'),
    frequency: t('goodNeighbour.neighbour.frequency'),
    everyDays: t('goodNeighbour.neighbour.everyDays'),
    visitsFrom: t('goodNeighbour.neighbour.visitsFrom'),
    visitDates: t('goodNeighbour.neighbour.visitDates'),
    advanceNotice: t('goodNeighbour.neighbour.advanceNotice'),
  };
}

interface NeighbourFieldsProps {
  draft: NeighbourDraft;
  errors: NeighbourErrors;
  onChange(next: NeighbourDraft): void;
}

/** Who the neighbour is, how to reach them and when they visit. */
export function NeighbourFields({ draft, errors, onChange }: NeighbourFieldsProps) {
  const { t } = useTranslation();
  const labels = useNeighbourLabels();
  const languageName = useLanguageName();
  const [branches] = useResource((signal) => branchesApi.list(signal), []);
  const id = (field: NeighbourField) => neighbourFieldId(draft, field);
  const set = <K extends keyof NeighbourDraft>(field: K, value: NeighbourDraft[K]) => onChange({ ...draft, [field]: value });
  const languages = (noticeLanguages as readonly string[]).includes(draft.language) ? noticeLanguages : [...noticeLanguages, draft.language];
  const branchOptions = branches.status === 'ready' ? branches.data.items : [];

  function setVisitDate(index: number, value: string) {
    set('visitDates', draft.visitDates.map((date, i) => (i === index ? value : date)));
  }
  function addVisitDate() {
    set('visitDates', [...draft.visitDates, '']);
    focusSoon(`gn-${draft.key}-visit-date-${draft.visitDates.length}`);
  }
  function removeVisitDate(index: number) {
    set('visitDates', draft.visitDates.filter((_, i) => i !== index));
    focusSoon(`gn-${draft.key}-add-visit-date`);
  }

  return (
    <>
      <div className="form-grid">
        <TextField id={id('name')} label={labels.name} dir="auto" autoComplete="off" value={draft.name} onValueChange={(v) => set('name', v)} error={errors.name} required />
        <TextField id={id('relationship')} label={labels.relationship} hint={t('goodNeighbour.neighbour.relationshipHint')} dir="auto" autoComplete="off" value={draft.relationship} onValueChange={(v) => set('relationship', v)} error={errors.relationship} required />
        <TextField id={id('email')} type="email" label={labels.email} hint={t('goodNeighbour.neighbour.emailHint')} dir="ltr" autoComplete="off" optional value={draft.email} onValueChange={(v) => set('email', v)} error={errors.email} />
        <TextField id={id('phone')} type="tel" label={labels.phone} dir="ltr" autoComplete="off" optional value={draft.phone} onValueChange={(v) => set('phone', v)} error={errors.phone} />
        <TextField id={id('cardNumber')} label={labels.cardNumber} hint={t('goodNeighbour.neighbour.cardNumberHint')} dir="ltr" inputMode="text" autoComplete="off" optional value={draft.cardNumber} onValueChange={(v) => set('cardNumber', v)} error={errors.cardNumber} />
        <SelectField
          id={id('branchId')}
          label={labels.branchId}
          hint={t('goodNeighbour.neighbour.branchHint')}
          optional
          value={draft.branchId}
          onValueChange={(v) => set('branchId', v)}
          error={errors.branchId}
          options={[{ value: '', label: t('goodNeighbour.neighbour.noBranch') }, ...branchOptions.map((b) => ({ value: b.id, label: b.name }))]}
        />
        <SelectField
          id={id('language')}
          label={labels.language}
          value={draft.language}
          onValueChange={(v) => set('language', v)}
          error={errors.language}
          options={languages.map((code) => ({ value: code, label: languageName(code) }))}
        />
      </div>
      <fieldset className="radios subsection">
        <legend>{t('goodNeighbour.neighbour.visitsLegend', { name: isolate(draft.name.trim() || t('goodNeighbour.neighbour.thisNeighbour')) })}</legend>
        <div className="form-grid">
          <SelectField
            id={id('frequency')}
            label={labels.frequency}
            value={draft.frequency}
            onValueChange={(v) => set('frequency', v as NeighbourDraft['frequency'])}
            error={errors.frequency}
            options={visitFrequencies.map((value) => ({ value, label: t(`goodNeighbour.frequency.${value || 'none'}`) }))}
          />
          {draft.frequency === 'other' ? (
            <TextField id={id('everyDays')} label={labels.everyDays} inputMode="numeric" dir="ltr" autoComplete="off" value={draft.everyDays} onValueChange={(v) => set('everyDays', v)} error={errors.everyDays} />
          ) : null}
          {draft.frequency !== '' ? (
            <TextField id={id('visitsFrom')} type="date" label={labels.visitsFrom} hint={t('goodNeighbour.neighbour.visitsFromHint')} value={draft.visitsFrom} onValueChange={(v) => set('visitsFrom', v)} error={errors.visitsFrom} />
          ) : null}
        </div>
        <div className={`subsection${errors.visitDates ? ' field--error' : ''}`} id={`gn-${draft.key}-visit-dates`} tabIndex={-1}>
          <p className="field__hint">{t('goodNeighbour.neighbour.visitDatesHint')}</p>
          {errors.visitDates ? (
            <p className="field__error">
              <span className="visually-hidden">{t('forms.errorPrefix')} </span>
              {errors.visitDates}
            </p>
          ) : null}
          {draft.visitDates.map((date, index) => (
            <div className="inline-form" key={index}>
              <TextField id={`gn-${draft.key}-visit-date-${index}`} type="date" label={t('goodNeighbour.neighbour.visitDate', { number: index + 1 })} value={date} onValueChange={(v) => setVisitDate(index, v)} />
              <button type="button" className="button button--secondary" onClick={() => removeVisitDate(index)}>
                {t('goodNeighbour.neighbour.removeVisitDate', { number: index + 1 })}
              </button>
            </div>
          ))}
          <div className="button-row">
            <button type="button" id={`gn-${draft.key}-add-visit-date`} className="button button--secondary" onClick={addVisitDate}>
              {t('goodNeighbour.neighbour.addVisitDate')}
            </button>
          </div>
        </div>
      </fieldset>
      <CheckboxField id={id('advanceNotice')} label={labels.advanceNotice} checked={draft.advanceNotice} onCheckedChange={(v) => set('advanceNotice', v)} aria-describedby={`${id('advanceNotice')}-hint`} />
      <p className="field__hint" id={`${id('advanceNotice')}-hint`}>
        {t('goodNeighbour.neighbour.advanceNoticeHint')}
      </p>
    </>
  );
}

/** What the reader lets this neighbour see. */
export function PermissionFields({ draft, onChange, legend }: { draft: NeighbourDraft; onChange(next: NeighbourDraft): void; legend: string }) {
  const { t } = useTranslation();
  const id = (field: string) => `gn-${draft.key}-${field}`;
  const permissions = ['maySeeLoans', 'maySeeHistory', 'maySeeProfile'] as const;
  return (
    <fieldset className="radios">
      <legend>{legend}</legend>
      {permissions.map((field) => (
        <div key={field}>
          <CheckboxField id={id(field)} label={t(`goodNeighbour.permissions.${field}`)} checked={draft[field]} onCheckedChange={(v) => onChange({ ...draft, [field]: v })} aria-describedby={`${id(field)}-hint`} />
          <p className="field__hint radio__hint" id={`${id(field)}-hint`}>
            {t(`goodNeighbour.permissions.${field}Hint`)}
          </p>
        </div>
      ))}
    </fieldset>
  );
}
