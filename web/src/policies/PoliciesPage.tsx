import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { describeError, noErrors, type FormErrors } from '../platform/errors';
import { useConfirm } from '../platform/confirm';
import { useFormatters } from '../platform/format';
import { ErrorSummary, FormActions, SelectField, StatusMessage, SubmitButton, TextField, useFormSending } from '../platform/forms';
import { isolate } from '../platform/i18n';
import { ErrorNotice, LoadError, Loading } from '../platform/notices';
import { Page, focusSoon } from '../platform/page';
import { useResource } from '../platform/resource';
import { TableRegion } from '../platform/tables';
import { branchesApi } from '../organisation/api';
import { useMoney } from '../circulation/money';
import { amountText, isMoneyField, parseAmount } from './amounts';
import {
  policiesApi,
  ruleFields,
  settingFields,
  type LendingSettings,
  type Named,
  type Policy,
  type PolicyOverview,
  type RuleField,
  type Rules,
  type SettingField,
} from './api';

export function PoliciesPage() {
  const { t } = useTranslation();
  const [overview, reload, update] = useResource((signal) => policiesApi.overview(signal), []);
  const [status, setStatus] = useState<string | null>(null);

  return (
    <Page title={t('policies.title')} intro={t('policies.intro')}>
      <StatusMessage message={status} />
      {overview.status === 'loading' ? <Loading /> : null}
      {overview.status === 'error' ? <LoadError error={overview.error} onRetry={reload} /> : null}
      {overview.status === 'ready' ? (
        <>
          <RulesSection
            overview={overview.data}
            onSaved={(policy) => {
              update((current) => ({ ...current, items: upsert(current.items, policy) }));
              setStatus(
                t('policies.rules.saved', {
                  category: isolate(policy.memberCategory.name),
                  itemType: isolate(policy.itemType.name),
                }),
              );
            }}
          />
          <SettingsSection
            settings={overview.data.settings}
            onSaved={(settings) => {
              update((current) => ({ ...current, settings }));
              setStatus(t('policies.settings.saved'));
            }}
          />
        </>
      ) : null}
      <ClosuresSection onStatus={setStatus} />
    </Page>
  );
}

const sameRule = (a: Policy, b: Policy) => a.memberCategory.id === b.memberCategory.id && a.itemType.id === b.itemType.id;

function upsert(items: Policy[], policy: Policy): Policy[] {
  return items.some((p) => sameRule(p, policy)) ? items.map((p) => (sameRule(p, policy) ? policy : p)) : [...items, policy];
}

const ruleKey = (policy: Policy) => `${policy.memberCategory.id}:${policy.itemType.id}`;

function RulesSection({ overview, onSaved }: { overview: PolicyOverview; onSaved(policy: Policy): void }) {
  const { t } = useTranslation();
  const money = useMoney();
  const [editing, setEditing] = useState<Policy | null>(null);
  const editButtons = useRef(new Map<string, HTMLButtonElement>());

  function finish(policy: Policy | null) {
    setEditing(null);
    if (policy) requestAnimationFrame(() => editButtons.current.get(ruleKey(policy))?.focus());
  }

  return (
    <section className="section" aria-labelledby="policy-rules-heading">
      <h2 id="policy-rules-heading">{t('policies.rules.heading')}</h2>
      <p className="section-intro">{t('policies.rules.intro')}</p>
      <TableRegion label={t('policies.rules.tableLabel')}>
        <table className="data-table data-table--rules">
          <caption>{t('policies.rules.caption', { count: overview.items.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('policies.rules.memberCategory')}</th>
              <th scope="col">{t('policies.rules.itemType')}</th>
              {ruleFields.map((field) => (
                <th scope="col" key={field}>
                  {t(`policies.fields.${field}`)}
                </th>
              ))}
              <th scope="col">{t('policies.rules.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {overview.items.map((policy) => (
              <tr key={ruleKey(policy)} aria-current={editing && sameRule(editing, policy) ? 'true' : undefined}>
                <th scope="row">
                  <bdi>{policy.memberCategory.name}</bdi>
                </th>
                <td>
                  <bdi>{policy.itemType.name}</bdi>
                </td>
                {ruleFields.map((field) => (
                  <td key={field}>{isMoneyField(field) ? money(policy[field], overview.settings.currency) : policy[field]}</td>
                ))}
                <td>
                  <button
                    type="button"
                    className="button button--small button--secondary"
                    aria-label={t('policies.rules.editFor', {
                      category: policy.memberCategory.name,
                      itemType: policy.itemType.name,
                    })}
                    ref={(el) => {
                      if (el) editButtons.current.set(ruleKey(policy), el);
                      else editButtons.current.delete(ruleKey(policy));
                    }}
                    onClick={() => setEditing(policy)}
                  >
                    {t('common.edit')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      <RuleForm
        key={editing ? ruleKey(editing) : 'new'}
        policy={editing}
        policies={overview.items}
        memberCategories={overview.memberCategories}
        itemTypes={overview.itemTypes}
        currency={overview.settings.currency}
        onCancel={() => finish(editing)}
        onSaved={(policy) => {
          onSaved(policy);
          if (editing) finish(policy);
        }}
      />
    </section>
  );
}

const defaultRules: Rules = {
  loanDays: 21,
  renewalLimit: 2,
  dailyFinePence: 25,
  fineCapPence: 500,
  requestFeePence: 0,
  loanLimit: 20,
  graceDays: 0,
  advanceNoticeDays: 3,
};

/** Whole numbers only: "1.5" or "ten" is refused before it reaches the server. */
function parseCount(text: string): number | null {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : null;
}

/** The form's text for a number the API holds: money as pounds and pence, counts as they are. */
const fieldText = (field: RuleField | SettingField, value: number) => (isMoneyField(field) ? amountText(value) : String(value));

/** Reads one field back for the API, or says what is wrong with it. */
function readField(field: RuleField | SettingField, text: string, label: string, t: TFunction): { value: number } | { error: string } {
  const value = isMoneyField(field) ? parseAmount(text) : parseCount(text);
  if (value !== null) return { value };
  return { error: isMoneyField(field) ? t('policies.moneyAmount', { field: label }) : t('policies.wholeNumber', { field: label }) };
}

/** Money fields say how to type an amount, with an example in the library service's currency. */
function useFieldHint(currency: string) {
  const { t } = useTranslation();
  const money = useMoney();
  return (field: RuleField | SettingField) => (isMoneyField(field) ? t('policies.moneyHint', { example: money(25, currency) }) : undefined);
}

interface RuleFormProps {
  policy: Policy | null;
  policies: Policy[];
  memberCategories: Named[];
  itemTypes: Named[];
  currency: string;
  onSaved(policy: Policy): void;
  onCancel(): void;
}

const asText = (rules: Rules) => Object.fromEntries(ruleFields.map((f) => [f, fieldText(f, rules[f])])) as Record<RuleField, string>;

function RuleForm({ policy, policies, memberCategories, itemTypes, currency, onSaved, onCancel }: RuleFormProps) {
  const { t } = useTranslation();
  const hint = useFieldHint(currency);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [categoryId, setCategoryId] = useState(policy?.memberCategory.id ?? memberCategories[0]?.id ?? '');
  const [itemTypeId, setItemTypeId] = useState(policy?.itemType.id ?? itemTypes[0]?.id ?? '');
  const existing = (category: string, itemType: string) =>
    policies.find((p) => p.memberCategory.id === category && p.itemType.id === itemType) ?? defaultRules;
  const [values, setValues] = useState(() => asText(policy ?? existing(categoryId, itemTypeId)));

  // Choosing a pair that already has a rule starts from that rule, so it is changed rather than guessed.
  function choose(category: string, itemType: string) {
    setCategoryId(category);
    setItemTypeId(itemType);
    setValues(asText(existing(category, itemType)));
  }
  const [errors, setErrors] = useState<FormErrors>(noErrors);

  useEffect(() => {
    if (policy) {
      headingRef.current?.scrollIntoView({ block: 'start' });
      headingRef.current?.focus();
    }
  }, [policy]);

  const ids: Record<string, string> = {
    memberCategoryId: 'rule-category',
    itemTypeId: 'rule-item-type',
    ...Object.fromEntries(ruleFields.map((f) => [f, `rule-${f}`])),
  };
  const labels: Record<string, string> = {
    memberCategoryId: t('policies.rules.memberCategory'),
    itemTypeId: t('policies.rules.itemType'),
    ...Object.fromEntries(ruleFields.map((f) => [f, t(`policies.fields.${f}`)])),
  };
  const { busy, sendForm } = useFormSending(setErrors);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const fields: Record<string, string> = {};
    const rules = {} as Rules;
    for (const field of ruleFields) {
      const read = readField(field, values[field], labels[field]!, t);
      if ('error' in read) fields[field] = read.error;
      else rules[field] = read.value;
    }
    await sendForm(fields, async () => {
      onSaved(await policiesApi.set({ memberCategoryId: categoryId, itemTypeId, ...rules }));
    });
  }

  const heading = policy
    ? t('policies.rules.editHeading', { category: policy.memberCategory.name, itemType: policy.itemType.name })
    : t('policies.rules.addHeading');

  return (
    <div className="subsection">
      <h3 id="rule-form-heading" ref={headingRef} tabIndex={-1}>
        {heading}
      </h3>
      <ErrorSummary errors={errors} fieldIds={ids} fieldLabels={labels} />
      <form className="form card" noValidate onSubmit={submit} aria-labelledby="rule-form-heading">
        {policy ? null : (
          <div className="form-grid">
            <SelectField
              id={ids.memberCategoryId!}
              label={labels.memberCategoryId}
              value={categoryId}
              onValueChange={(value) => choose(value, itemTypeId)}
              options={memberCategories.map((c) => ({ value: c.id, label: c.name }))}
              error={errors.fields.memberCategoryId}
            />
            <SelectField
              id={ids.itemTypeId!}
              label={labels.itemTypeId}
              value={itemTypeId}
              onValueChange={(value) => choose(categoryId, value)}
              options={itemTypes.map((c) => ({ value: c.id, label: c.name }))}
              error={errors.fields.itemTypeId}
            />
          </div>
        )}
        <div className="form-grid form-grid--filters">
          {ruleFields.map((field) => (
            <TextField
              key={field}
              id={ids[field]!}
              label={labels[field]}
              hint={hint(field)}
              inputMode={isMoneyField(field) ? 'decimal' : 'numeric'}
              dir="ltr"
              value={values[field]}
              onValueChange={(value) => setValues((current) => ({ ...current, [field]: value }))}
              error={errors.fields[field]}
            />
          ))}
        </div>
        <FormActions busy={busy} submitLabel={policy ? t('policies.rules.save') : t('policies.rules.add')} onCancel={policy ? onCancel : undefined} />
      </form>
    </div>
  );
}

function SettingsSection({ settings, onSaved }: { settings: LendingSettings; onSaved(settings: LendingSettings): void }) {
  const { t } = useTranslation();
  const moneyHint = useFieldHint(settings.currency);
  // Keeping message bodies is a privacy choice, so the form says what happens when the days run out.
  const hint = (field: SettingField) => (field === 'messageRetentionDays' ? t('policies.settings.messageRetentionDaysHint') : moneyHint(field));
  const [values, setValues] = useState<Record<SettingField, string>>(
    () => Object.fromEntries(settingFields.map((f) => [f, fieldText(f, settings[f])])) as Record<SettingField, string>,
  );
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const ids = Object.fromEntries(settingFields.map((f) => [f, `setting-${f}`]));
  const labels = Object.fromEntries(settingFields.map((f) => [f, t(`policies.settings.${f}`)]));
  const { busy, sendForm } = useFormSending(setErrors);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const fields: Record<string, string> = {};
    const body: Partial<Record<SettingField, number>> = {};
    for (const field of settingFields) {
      const read = readField(field, values[field], labels[field]!, t);
      if ('error' in read) fields[field] = read.error;
      else body[field] = read.value;
    }
    await sendForm(fields, async () => {
      onSaved(await policiesApi.updateSettings(body));
    });
  }

  return (
    <section className="section" aria-labelledby="policy-settings-heading">
      <h2 id="policy-settings-heading">{t('policies.settings.heading')}</h2>
      <p className="section-intro">{t('policies.settings.intro', { currency: settings.currency })}</p>
      <ErrorSummary errors={errors} fieldIds={ids} fieldLabels={labels} />
      <form className="form card" noValidate onSubmit={submit} aria-labelledby="policy-settings-heading">
        <div className="form-grid">
          {settingFields.map((field) => (
            <TextField
              key={field}
              id={ids[field]!}
              label={labels[field]}
              hint={hint(field)}
              inputMode={isMoneyField(field) ? 'decimal' : 'numeric'}
              dir="ltr"
              value={values[field]}
              onValueChange={(value) => setValues((current) => ({ ...current, [field]: value }))}
              error={errors.fields[field]}
            />
          ))}
        </div>
        <FormActions busy={busy} submitLabel={t('policies.settings.save')} />
      </form>
    </section>
  );
}

const today = () => new Date().toISOString().slice(0, 10);

function ClosuresSection({ onStatus }: { onStatus(message: string): void }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const [branches] = useResource((signal) => branchesApi.list(signal), []);
  const [chosen, setChosen] = useState('');
  const branchList = branches.status === 'ready' ? branches.data.items : [];
  const branchId = chosen || branchList[0]?.id || '';
  const branchName = branchList.find((b) => b.id === branchId)?.name ?? '';
  const [closures, reload, update] = useResource(
    (signal) => (branchId ? policiesApi.closures(branchId, today(), signal) : Promise.resolve({ items: [] })),
    [branchId],
  );
  const [date, setDate] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [rowError, setRowError] = useState<string | null>(null);
  const [confirm, dialog] = useConfirm();
  const { busy, sendForm } = useFormSending(setErrors);

  async function add(event: FormEvent) {
    event.preventDefault();
    if (!date) {
      setErrors({ message: null, fields: { date: t('forms.required', { field: t('policies.closures.date') }) } });
      return;
    }
    await sendForm({}, async () => {
      const added = await policiesApi.addClosure(branchId, { date, reason: reason.trim() || null });
      update((current) => ({ items: [...current.items, added].sort((a, b) => a.date.localeCompare(b.date)) }));
      onStatus(t('policies.closures.added', { date: fmt.date(added.date), branch: isolate(branchName) }));
      setDate('');
      setReason('');
    });
  }

  async function remove(closureDate: string) {
    const ok = await confirm({
      title: t('policies.closures.removeTitle', { date: fmt.date(closureDate), branch: isolate(branchName) }),
      body: <p>{t('policies.closures.removeBody')}</p>,
      confirmLabel: t('policies.closures.remove'),
      destructive: true,
    });
    if (!ok) return;
    setRowError(null);
    try {
      await policiesApi.removeClosure(branchId, closureDate);
      update((current) => ({ items: current.items.filter((c) => c.date !== closureDate) }));
      onStatus(t('policies.closures.removed', { date: fmt.date(closureDate), branch: isolate(branchName) }));
      focusSoon('closure-branch');
    } catch (error) {
      setRowError(describeError(error, t));
    }
  }

  return (
    <section className="section" aria-labelledby="policy-closures-heading">
      <h2 id="policy-closures-heading">{t('policies.closures.heading')}</h2>
      <p className="section-intro">{t('policies.closures.intro')}</p>
      {dialog}
      {branches.status === 'error' ? <LoadError error={branches.error} /> : null}
      <SelectField
        id="closure-branch"
        label={t('policies.closures.branch')}
        value={branchId}
        onValueChange={setChosen}
        options={branchList.map((b) => ({ value: b.id, label: b.name }))}
      />
      <ErrorNotice message={rowError} />
      {closures.status === 'loading' ? <Loading /> : null}
      {closures.status === 'error' ? <LoadError error={closures.error} onRetry={reload} /> : null}
      {closures.status === 'ready' && branchId ? (
        <TableRegion label={t('policies.closures.tableLabel')}>
          <table className="data-table">
            <caption>{t('policies.closures.caption', { count: closures.data.items.length, branch: branchName })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('policies.closures.date')}</th>
                <th scope="col">{t('policies.closures.reason')}</th>
                <th scope="col">{t('policies.rules.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {closures.data.items.length === 0 ? (
                <tr>
                  <td colSpan={3}>{t('policies.closures.empty')}</td>
                </tr>
              ) : null}
              {closures.data.items.map((closure) => (
                <tr key={closure.date}>
                  <th scope="row">{fmt.date(closure.date)}</th>
                  <td>{closure.reason ? <bdi>{closure.reason}</bdi> : '—'}</td>
                  <td>
                    <button
                      type="button"
                      className="button button--small button--danger-outline"
                      aria-label={t('policies.closures.removeFor', { date: fmt.date(closure.date) })}
                      onClick={() => void remove(closure.date)}
                    >
                      {t('policies.closures.remove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      ) : null}
      {branchId ? (
        <div className="subsection">
          <h3 id="closure-form-heading">{t('policies.closures.addHeading', { branch: branchName })}</h3>
          <ErrorSummary
            errors={errors}
            fieldIds={{ date: 'closure-date', reason: 'closure-reason' }}
            fieldLabels={{ date: t('policies.closures.date'), reason: t('policies.closures.reason') }}
          />
          <form className="inline-form" noValidate onSubmit={add} aria-labelledby="closure-form-heading">
            <TextField
              id="closure-date"
              type="date"
              label={t('policies.closures.date')}
              value={date}
              onValueChange={setDate}
              error={errors.fields.date}
            />
            <TextField
              id="closure-reason"
              label={t('policies.closures.reason')}
              optional
              dir="auto"
              value={reason}
              onValueChange={setReason}
              error={errors.fields.reason}
            />
            <SubmitButton busy={busy}>{t('policies.closures.add')}</SubmitButton>
          </form>
        </div>
      ) : null}
    </section>
  );
}
