import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../platform/api';
import { useConfirm } from '../platform/confirm';
import { noErrors, toFormErrors } from '../platform/errors';
import { ErrorSummary, FormActions, SelectField, TextField, useFormState } from '../platform/forms';
import { focusSoon } from '../platform/page';
import type { Branch } from '../organisation/api';
import { catalogueApi, isStaffSetStatus, staffSetStatuses, type Item, type ItemChanges, type ItemType, type StaffSetStatus } from './api';

export interface ItemFormChoices {
  branches: Branch[];
  itemTypes: ItemType[];
}

interface ItemFormProps {
  recordId: string;
  /** The copy being changed; without one the form adds a copy, and stays open for the next. */
  item: Item | null;
  choices: ItemFormChoices;
  onSaved(item: Item): void;
  onCancel?(): void;
}

export function ItemForm({ recordId, item, choices, onSaved, onCancel }: ItemFormProps) {
  const { t } = useTranslation();
  const prefix = item ? 'item-edit' : 'item-new';
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [confirm, dialog] = useConfirm();
  const [busy, setBusy] = useState(false);
  const form = useFormState({
    idPrefix: prefix,
    initial: {
      barcode: item?.barcode ?? '',
      branchId: item?.branchId ?? '',
      itemTypeId: item?.itemTypeId ?? '',
      shelfLocation: item?.shelfLocation ?? '',
      status: item?.status ?? 'available',
    },
    labels: {
      barcode: t('cataloguing.item.barcode'),
      branchId: t('cataloguing.item.branch'),
      itemTypeId: t('cataloguing.item.itemType'),
      shelfLocation: t('cataloguing.item.shelfLocation'),
      status: t('cataloguing.item.status'),
    },
  });
  const { values, errors, setErrors } = form;
  // Item types arrive after the form opens; until one is chosen, a new copy is the library's `book` type.
  const itemTypeId = values.itemTypeId || (choices.itemTypes.find((type) => type.code === 'book') ?? choices.itemTypes[0])?.id || '';
  const statusSettable = item !== null && isStaffSetStatus(item.status);

  useEffect(() => {
    if (item) {
      headingRef.current?.scrollIntoView({ block: 'start' });
      headingRef.current?.focus();
    }
  }, [item]);

  function check(): Record<string, string> {
    const fields: Record<string, string> = {};
    if (!item && !values.barcode.trim()) fields.barcode = t('forms.required', { field: form.labels.barcode });
    else if (!item && !/^\S+$/.test(values.barcode.trim())) fields.barcode = t('cataloguing.item.barcodeSpaces');
    if (!values.branchId) fields.branchId = t('cataloguing.item.branchRequired');
    return fields;
  }

  /** Withdrawing a copy or reporting it missing takes it out of lending: worth a second look. */
  async function confirmed(status: StaffSetStatus): Promise<boolean> {
    if (!item || status === item.status || status === 'available') return true;
    return confirm({
      title: t(`cataloguing.item.confirm.${status}.title`, { barcode: item.barcode }),
      body: <p>{t(`cataloguing.item.confirm.${status}.body`)}</p>,
      confirmLabel: t(`cataloguing.item.confirm.${status}.action`),
      destructive: true,
    });
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const fields = check();
    if (Object.keys(fields).length > 0) {
      setErrors({ message: null, fields });
      return;
    }
    const status = values.status as StaffSetStatus;
    if (statusSettable && !(await confirmed(status))) return;
    setBusy(true);
    setErrors(noErrors);
    const shelfLocation = values.shelfLocation.trim() || null;
    try {
      if (item) {
        const changes: ItemChanges = { branchId: values.branchId, itemTypeId, shelfLocation, ...(statusSettable && { status }) };
        onSaved(await catalogueApi.updateItem(item.id, changes));
      } else {
        const added = await catalogueApi.createItem({ recordId, barcode: values.barcode.trim(), branchId: values.branchId, shelfLocation, ...(itemTypeId && { itemTypeId }) });
        form.set('barcode', '');
        onSaved(added);
        focusSoon(form.ids.barcode);
      }
    } catch (error) {
      const formErrors = toFormErrors(error, t);
      if (error instanceof ApiError && error.code === 'barcode_taken') formErrors.fields.barcode = t('cataloguing.item.barcodeTaken');
      setErrors(formErrors);
    } finally {
      setBusy(false);
    }
  }

  const headingId = item ? 'item-edit-heading' : 'item-new-heading';
  return (
    <>
      {item ? (
        <h3 id={headingId} ref={headingRef} tabIndex={-1}>
          {t('cataloguing.item.editHeading', { barcode: item.barcode })}
        </h3>
      ) : null}
      {dialog}
      <ErrorSummary errors={errors} fieldIds={form.ids} fieldLabels={form.labels} />
      <form className="form card" noValidate onSubmit={submit} aria-labelledby={headingId}>
        <div className="form-grid">
          {item ? null : <TextField {...form.field('barcode')} hint={t('cataloguing.item.barcodeHint')} dir="ltr" autoComplete="off" maxLength={50} required />}
          <SelectField
            {...form.field('branchId')}
            options={[{ value: '', label: t('cataloguing.item.chooseBranch') }, ...choices.branches.map((b) => ({ value: b.id, label: b.name }))]}
            required
          />
          <SelectField {...form.field('itemTypeId')} value={itemTypeId} options={choices.itemTypes.map((type) => ({ value: type.id, label: type.name }))} />
          <TextField {...form.field('shelfLocation')} optional hint={t('cataloguing.item.shelfHint')} dir="auto" autoComplete="off" maxLength={100} />
          {statusSettable ? (
            <SelectField {...form.field('status')} options={staffSetStatuses.map((value) => ({ value, label: t(`catalogue.itemStatus.${value}`) }))} />
          ) : null}
        </div>
        {item && !statusSettable ? <p className="field__hint">{t('cataloguing.item.statusByCirculation', { status: t(`catalogue.itemStatus.${item.status}`) })}</p> : null}
        <FormActions busy={busy} submitLabel={item ? t('cataloguing.item.save') : t('cataloguing.item.add')} onCancel={onCancel} />
      </form>
    </>
  );
}
