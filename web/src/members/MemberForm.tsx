import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../platform/api';
import { noErrors, type FormErrors } from '../platform/errors';
import { CheckboxField, ErrorSummary, FormActions, RadioGroup, SelectField, TextAreaField, TextField, useFormSending } from '../platform/forms';
import { useResource } from '../platform/resource';
import { branchesApi } from '../organisation/api';
import {
  memberStatuses,
  membersApi,
  noticeChannels,
  noticeLanguages,
  type Member,
  type MemberInput,
  type MemberStatus,
  type NoticeChannel,
} from './api';
import { useLanguageName } from './parts';

interface MemberFormProps {
  /** The member being edited; without one the form registers a new member. */
  member: Member | null;
  onSaved(member: Member): void;
  onCancel?(): void;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function MemberForm({ member, onSaved, onCancel }: MemberFormProps) {
  const { t } = useTranslation();
  const languageName = useLanguageName();
  const [branches] = useResource((signal) => branchesApi.list(signal), []);
  const [categories] = useResource((signal) => membersApi.categories(signal), []);
  const prefix = member ? 'member-edit' : 'member-new';
  const [name, setName] = useState(member?.name ?? '');
  const [cardChoice, setCardChoice] = useState<'generate' | 'typed'>('generate');
  const [cardNumber, setCardNumber] = useState(member?.cardNumber ?? '');
  const [email, setEmail] = useState(member?.email ?? '');
  const [phone, setPhone] = useState(member?.phone ?? '');
  const [address, setAddress] = useState(member?.address ?? '');
  const [homeBranchId, setHomeBranchId] = useState(member?.homeBranch.id ?? '');
  const [language, setLanguage] = useState(member?.language ?? 'en');
  const [channel, setChannel] = useState<NoticeChannel>(member?.preferredChannel ?? 'email');
  const [category, setCategory] = useState(member?.category.id ?? '');
  const [status, setStatus] = useState<MemberStatus>(member?.status ?? 'active');
  const [blockedReason, setBlockedReason] = useState(member?.blockedReason ?? '');
  const [expiresOn, setExpiresOn] = useState(member?.expiresOn ?? '');
  const [keepsHistory, setKeepsHistory] = useState(false);
  const [advanceNotices, setAdvanceNotices] = useState(true);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const { busy, sendForm } = useFormSending(setErrors);
  const nameRef = useRef<HTMLInputElement>(null);

  const ids = {
    name: `${prefix}-name`,
    cardNumber: `${prefix}-card`,
    email: `${prefix}-email`,
    phone: `${prefix}-phone`,
    address: `${prefix}-address`,
    homeBranchId: `${prefix}-branch`,
    language: `${prefix}-language`,
    preferredChannel: `${prefix}-channel`,
    category: `${prefix}-category`,
    status: `${prefix}-status`,
    blockedReason: `${prefix}-blocked-reason`,
    expiresOn: `${prefix}-expires`,
  };
  const labels = {
    name: t('members.form.name'),
    cardNumber: t('members.form.cardNumber'),
    email: t('members.form.email'),
    phone: t('members.form.phone'),
    address: t('members.form.address'),
    homeBranchId: t('members.form.homeBranch'),
    language: t('members.form.language'),
    preferredChannel: t('members.form.channel'),
    category: t('members.form.category'),
    status: t('members.form.status'),
    blockedReason: t('members.form.blockedReason'),
    expiresOn: t('members.form.expiresOn'),
  };

  const branchOptions = branches.status === 'ready' ? branches.data.items : [];
  const categoryOptions = categories.status === 'ready' ? categories.data.items : [];
  const languageCodes = noticeLanguages.includes(language as (typeof noticeLanguages)[number])
    ? noticeLanguages
    : [...noticeLanguages, language];
  const typedCard = Boolean(member) || cardChoice === 'typed';

  function check(): Record<string, string> {
    const fields: Record<string, string> = {};
    if (!name.trim()) fields.name = t('forms.required', { field: labels.name });
    if (typedCard && !cardNumber.trim()) fields.cardNumber = t('forms.required', { field: labels.cardNumber });
    if (email.trim() && !emailPattern.test(email.trim())) fields.email = t('forms.invalidEmail');
    if (!homeBranchId) fields.homeBranchId = t('members.form.homeBranchRequired');
    if (status === 'blocked' && !blockedReason.trim()) fields.blockedReason = t('members.form.blockedReasonRequired');
    return fields;
  }

  function body(): MemberInput {
    const common: MemberInput = {
      name: name.trim(),
      email: email.trim() || null,
      phone: phone.trim() || null,
      address: address.trim() || null,
      homeBranchId,
      language,
      preferredChannel: channel,
      ...(category && { category }),
    };
    if (member) {
      return {
        ...common,
        cardNumber: cardNumber.trim(),
        status,
        blockedReason: status === 'blocked' ? blockedReason.trim() : null,
        expiresOn: expiresOn || null,
      };
    }
    return {
      ...common,
      ...(typedCard && { cardNumber: cardNumber.trim() }),
      ...(expiresOn && { expiresOn }),
      keepsHistory,
      advanceNotices,
    };
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const fields = check();
    await sendForm(
      fields,
      async () => onSaved(member ? await membersApi.update(member.id, body()) : await membersApi.create(body())),
      (error, errors) => (error instanceof ApiError && error.code === 'card_number_taken' ? { ...errors, fields: { ...errors.fields, cardNumber: t('members.form.cardTaken') } } : errors),
    );
  }

  return (
    <>
      <ErrorSummary errors={errors} fieldIds={ids} fieldLabels={labels} />
      <form className="form card" noValidate onSubmit={submit} aria-labelledby={`${prefix}-heading`}>
        <div className="form-grid">
          <TextField
            ref={nameRef}
            id={ids.name}
            label={labels.name}
            dir="auto"
            autoComplete="off"
            value={name}
            onValueChange={setName}
            error={errors.fields.name}
            required
          />
          <SelectField
            id={ids.homeBranchId}
            label={labels.homeBranchId}
            value={homeBranchId}
            onValueChange={setHomeBranchId}
            error={errors.fields.homeBranchId}
            options={[
              { value: '', label: t('members.form.chooseBranch') },
              ...branchOptions.map((b) => ({ value: b.id, label: b.name })),
            ]}
            required
          />
        </div>
        {member ? null : (
          <RadioGroup
            name={`${prefix}-card-choice`}
            legend={t('members.form.cardChoice')}
            value={cardChoice}
            onValueChange={(value) => setCardChoice(value as 'generate' | 'typed')}
            options={[
              { value: 'generate', label: t('members.form.cardGenerate'), hint: t('members.form.cardGenerateHint') },
              { value: 'typed', label: t('members.form.cardTyped') },
            ]}
          />
        )}
        {typedCard ? (
          <TextField
            id={ids.cardNumber}
            label={labels.cardNumber}
            hint={t('members.form.cardNumberHint')}
            dir="ltr"
            inputMode="text"
            autoComplete="off"
            value={cardNumber}
            onValueChange={setCardNumber}
            error={errors.fields.cardNumber}
          />
        ) : null}
        <p className="section-intro">{t('members.form.leastData')}</p>
        <div className="form-grid">
          <TextField
            id={ids.email}
            type="email"
            label={labels.email}
            optional
            dir="ltr"
            autoComplete="off"
            value={email}
            onValueChange={setEmail}
            error={errors.fields.email}
          />
          <TextField
            id={ids.phone}
            type="tel"
            label={labels.phone}
            optional
            dir="ltr"
            autoComplete="off"
            value={phone}
            onValueChange={setPhone}
            error={errors.fields.phone}
          />
        </div>
        <TextAreaField
          id={ids.address}
          label={labels.address}
          optional
          dir="auto"
          autoComplete="off"
          value={address}
          onValueChange={setAddress}
          error={errors.fields.address}
        />
        <div className="form-grid">
          <SelectField
            id={ids.language}
            label={labels.language}
            hint={t('members.form.languageHint')}
            value={language}
            onValueChange={setLanguage}
            error={errors.fields.language}
            options={languageCodes.map((code) => ({ value: code, label: languageName(code) }))}
          />
          <SelectField
            id={ids.preferredChannel}
            label={labels.preferredChannel}
            value={channel}
            onValueChange={(value) => setChannel(value as NoticeChannel)}
            error={errors.fields.preferredChannel}
            options={noticeChannels.map((value) => ({ value, label: t(`members.channel.${value}`) }))}
          />
          <SelectField
            id={ids.category}
            label={labels.category}
            value={category}
            onValueChange={setCategory}
            error={errors.fields.category}
            options={[
              ...(member ? [] : [{ value: '', label: t('members.form.defaultCategory') }]),
              ...categoryOptions.map((c) => ({ value: c.id, label: c.name })),
            ]}
          />
          <TextField
            id={ids.expiresOn}
            type="date"
            label={labels.expiresOn}
            optional
            value={expiresOn}
            onValueChange={setExpiresOn}
            error={errors.fields.expiresOn}
          />
        </div>
        {member ? (
          <div className="form-grid">
            <SelectField
              id={ids.status}
              label={labels.status}
              value={status}
              onValueChange={(value) => setStatus(value as MemberStatus)}
              error={errors.fields.status}
              options={memberStatuses.map((value) => ({ value, label: t(`members.status.${value}`) }))}
            />
            {status === 'blocked' ? (
              <TextField
                id={ids.blockedReason}
                label={labels.blockedReason}
                dir="auto"
                value={blockedReason}
                onValueChange={setBlockedReason}
                error={errors.fields.blockedReason}
              />
            ) : null}
          </div>
        ) : (
          <fieldset className="radios">
            <legend>{t('members.consent.heading')}</legend>
            <CheckboxField
              id={`${prefix}-keeps-history`}
              label={t('members.consent.history')}
              checked={keepsHistory}
              onCheckedChange={setKeepsHistory}
            />
            <CheckboxField
              id={`${prefix}-advance-notices`}
              label={t('members.consent.advanceNotices')}
              checked={advanceNotices}
              onCheckedChange={setAdvanceNotices}
            />
          </fieldset>
        )}
        <FormActions busy={busy} submitLabel={member ? t('members.form.save') : t('members.form.create')} onCancel={onCancel} />
      </form>
    </>
  );
}
