import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { noErrors, toFormErrors, type FormErrors } from '../platform/errors';
import { useFormatters } from '../platform/format';
import { ErrorSummary, FormActions, SelectField, TextAreaField, TextField } from '../platform/forms';
import { LoadError, Loading } from '../platform/notices';
import { focusSoon } from '../platform/page';
import { useResource } from '../platform/resource';
import { TableRegion } from '../platform/tables';
import type { Member } from '../members/api';
import { isolate, useCodedMessage } from '../platform/i18n';
import { circulationApi, paymentMethods, type LedgerEntry, type PaymentMethod } from './api';
import { parsePence } from './amounts';
import { useMoney } from './money';

interface ChargesProps {
  member: Member;
  /** Goes up when something elsewhere on the page (a late renewal) charged the member. */
  version: number;
  onStatus(message: string): void;
}

/** The member's account: what they owe, every movement, and forms to take a payment or waive charges. */
export function MemberCharges({ member, version, onStatus }: ChargesProps) {
  const { t } = useTranslation();
  const money = useMoney();
  const [currency] = useResource((signal) => circulationApi.currency(signal), []);
  const [account, reload] = useResource((signal) => circulationApi.account(member.id, signal), [member.id, version]);

  function moved(message: string) {
    onStatus(message);
    reload();
    focusSoon('member-balance');
  }

  const failed = currency.status === 'error' ? currency : account.status === 'error' ? account : null;
  let body: ReactNode;
  if (failed) body = <LoadError error={failed.error} onRetry={reload} />;
  else if (currency.status !== 'ready' || account.status !== 'ready') body = <Loading />;
  else {
    const code = currency.data.currency;
    const { balancePence, transactions } = account.data;
    body = (
      <>
        <p id="member-balance" className="member-lending__balance" tabIndex={-1}>
          {balancePence > 0 ? t('memberLending.charges.owed', { amount: money(balancePence, code) }) : t('memberLending.charges.nothingOwed')}
        </p>
        <Transactions transactions={transactions} currency={code} />
        {balancePence > 0 ? (
          <div className="member-lending__forms">
            <PaymentForm member={member} currency={code} onMoved={moved} />
            <WaiverForm member={member} currency={code} onMoved={moved} />
          </div>
        ) : null}
      </>
    );
  }

  return (
    <section className="section" aria-labelledby="member-charges-heading">
      <h2 id="member-charges-heading">{t('memberLending.charges.heading')}</h2>
      {body}
    </section>
  );
}

function Transactions({ transactions, currency }: { transactions: LedgerEntry[]; currency: string }) {
  const { t } = useTranslation();
  const money = useMoney();
  const { dateTime } = useFormatters();
  if (transactions.length === 0) return <p>{t('memberLending.charges.noTransactions')}</p>;
  return (
    <TableRegion label={t('memberLending.charges.caption')}>
      <table className="data-table">
        <caption>{t('memberLending.charges.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('memberLending.columns.when')}</th>
            <th scope="col">{t('memberLending.columns.kind')}</th>
            <th scope="col">{t('memberLending.columns.details')}</th>
            <th scope="col" className="member-lending__amount">
              {t('memberLending.columns.amount')}
            </th>
          </tr>
        </thead>
        <tbody>
          {transactions.map((entry) => (
            <tr key={entry.id}>
              <td>{dateTime(entry.createdAt)}</td>
              <td>{t(`memberLending.charges.kind.${entry.kind}`)}</td>
              <td>
                <EntryReason entry={entry} />
              </td>
              <td className="member-lending__amount">{money(entry.amountPence, currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

/** What an entry was for, in the reader's language; a waiver in staff's own words, or a reason this app has no words for, as written. */
function EntryReason({ entry }: { entry: LedgerEntry }) {
  const { t } = useTranslation();
  const coded = useCodedMessage();
  if (entry.method) return t(`memberLending.charges.method.${entry.method}`);
  const translated = entry.reasonSubject === null ? null : coded('memberLending.charges.reason', entry.reasonCode, { subject: isolate(entry.reasonSubject) });
  return translated ?? <bdi>{entry.reason}</bdi>;
}

interface MovementFormProps {
  member: Member;
  currency: string;
  onMoved(message: string): void;
}

function AmountField({ id, value, onValueChange, error }: { id: string; value: string; onValueChange(value: string): void; error: string | undefined }) {
  const { t } = useTranslation();
  return (
    <TextField
      id={id}
      label={t('memberLending.charges.amount')}
      hint={t('memberLending.charges.amountHint')}
      inputMode="decimal"
      dir="ltr"
      autoComplete="off"
      value={value}
      onValueChange={onValueChange}
      error={error}
    />
  );
}

/** The server names the amount `amountPence`; the form calls it `amount`. */
const onAmountField = (errors: FormErrors): FormErrors => {
  const { amountPence, ...fields } = errors.fields;
  return { ...errors, fields: amountPence ? { ...fields, amount: amountPence } : fields };
};

function PaymentForm({ member, currency, onMoved }: MovementFormProps) {
  const { t } = useTranslation();
  const money = useMoney();
  const [amount, setAmount] = useState('');
  const [method, setMethod] = useState<PaymentMethod>('cash');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const labels = { amount: t('memberLending.charges.amount'), method: t('memberLending.charges.payment.method') };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const pence = parsePence(amount);
    if (pence === null) {
      setErrors({ message: null, fields: { amount: t('memberLending.charges.amountInvalid') } });
      return;
    }
    setBusy(true);
    setErrors(noErrors);
    try {
      const { balancePence } = await circulationApi.pay(member.id, { amountPence: pence, method });
      setAmount('');
      onMoved(t('memberLending.charges.payment.done', { amount: money(pence, currency), balance: money(balancePence, currency) }));
    } catch (error) {
      setErrors(onAmountField(toFormErrors(error, t)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form card" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="payment-heading">
      <h3 id="payment-heading">{t('memberLending.charges.payment.heading')}</h3>
      <ErrorSummary errors={errors} fieldIds={{ amount: 'payment-amount', method: 'payment-method' }} fieldLabels={labels} />
      <AmountField id="payment-amount" value={amount} onValueChange={setAmount} error={errors.fields.amount} />
      <SelectField
        id="payment-method"
        label={labels.method}
        value={method}
        options={paymentMethods.map((value) => ({ value, label: t(`memberLending.charges.method.${value}`) }))}
        onValueChange={(value) => setMethod(value as PaymentMethod)}
      />
      <FormActions busy={busy} submitLabel={t('memberLending.charges.payment.submit')} />
    </form>
  );
}

function WaiverForm({ member, currency, onMoved }: MovementFormProps) {
  const { t } = useTranslation();
  const money = useMoney();
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const labels = { amount: t('memberLending.charges.amount'), reason: t('memberLending.charges.waiver.reason') };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const pence = parsePence(amount);
    const fields: Record<string, string> = {};
    if (pence === null) fields.amount = t('memberLending.charges.amountInvalid');
    if (!reason.trim()) fields.reason = t('forms.required', { field: labels.reason });
    if (pence === null || fields.reason) {
      setErrors({ message: null, fields });
      return;
    }
    setBusy(true);
    setErrors(noErrors);
    try {
      const { balancePence } = await circulationApi.waive(member.id, { amountPence: pence, reason: reason.trim() });
      setAmount('');
      setReason('');
      onMoved(t('memberLending.charges.waiver.done', { amount: money(pence, currency), balance: money(balancePence, currency) }));
    } catch (error) {
      setErrors(onAmountField(toFormErrors(error, t)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form card" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="waiver-heading">
      <h3 id="waiver-heading">{t('memberLending.charges.waiver.heading')}</h3>
      <ErrorSummary errors={errors} fieldIds={{ amount: 'waiver-amount', reason: 'waiver-reason' }} fieldLabels={labels} />
      <AmountField id="waiver-amount" value={amount} onValueChange={setAmount} error={errors.fields.amount} />
      <TextAreaField id="waiver-reason" label={labels.reason} hint={t('memberLending.charges.waiver.reasonHint')} value={reason} onValueChange={setReason} maxLength={500} error={errors.fields.reason} />
      <FormActions busy={busy} submitLabel={t('memberLending.charges.waiver.submit')} />
    </form>
  );
}
