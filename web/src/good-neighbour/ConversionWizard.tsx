import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '../platform/api';
import { describeError, hasErrors, noErrors, type FormErrors } from '../platform/errors';
import { CheckboxField, ErrorSummary, RadioGroup, SelectField, SubmitButton, TextAreaField, TextField } from '../platform/forms';
import { isolate } from '../platform/i18n';
import { LoadError, Loading } from '../platform/notices';
import { Detail, focusSoon, Page } from '../platform/page';
import { useResource } from '../platform/resource';
import { branchesApi } from '../organisation/api';
import { membersApi, type Member } from '../members/api';
import { useLanguageName } from '../members/parts';
import { consentMethods, goodNeighbourApi, referralSources, type ConsentMethod, type ConversionInput, type ReferralSource } from './api';
import { checkNeighbour, emptyNeighbour, neighbourFieldOfCode, neighbourFields, neighbourInput, splitFieldErrors, type NeighbourDraft } from './drafts';
import { NeighbourFields, PermissionFields, useNeighbourFieldMaps, type NeighbourErrors } from './NeighbourFields';
import { ConsentWording } from './ConsentWording';
import { useVisitPattern } from './parts';
import { SettingsFields } from './SettingsFields';

const steps = ['reader', 'neighbours', 'consent', 'review'] as const;
type Step = (typeof steps)[number];

const readerFields = ['readerCardNumber', 'referralSource', 'referralNote'];
const consentFields = ['consentMethod', 'consentRead', 'keepHistory', 'noticeMarginDays', 'autoRenew', 'writeOffAfterDays'];

/** The step where a field lives, so that an error the server finds sends staff back to it. */
function stepOf(field: string): Step {
  if (readerFields.includes(field)) return 'reader';
  if (consentFields.includes(field) || /\.maySee/.test(field)) return 'consent';
  if (field.includes('.')) return 'neighbours';
  return 'review';
}

function onlyStep(errors: FormErrors, step: Step, messageStep: Step): FormErrors {
  const fields = Object.fromEntries(Object.entries(errors.fields).filter(([field]) => stepOf(field) === step));
  return { message: step === messageStep ? errors.message : null, fields };
}

const wholeNumber = (text: string, min: number, max: number) => {
  const value = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(value) && value >= min && value <= max ? value : null;
};

/** Converts a reader's ticket to the Good Neighbour scheme in four short steps. */
export function ConversionWizard() {
  const { t } = useTranslation();
  const { id: memberId } = useParams();
  const [member, reload] = useResource((signal) => (memberId ? membersApi.get(memberId, signal) : Promise.resolve(null)), [memberId ?? null]);
  const [existing] = useResource((signal) => (memberId ? goodNeighbourApi.list({ readerId: memberId, status: 'active' }, null, signal) : Promise.resolve(null)), [memberId ?? null]);

  if (member.status === 'loading' || existing.status === 'loading') return <Loading />;
  if (member.status === 'error') {
    return (
      <Page title={t('goodNeighbour.wizard.title')}>
        <LoadError error={member.error} onRetry={reload} />
      </Page>
    );
  }
  const active = existing.status === 'ready' ? existing.data?.items[0] : undefined;
  if (member.data && active) {
    return (
      <Page title={t('goodNeighbour.wizard.title')}>
        <div className="notice notice--info">
          <p>{t('goodNeighbour.wizard.alreadyOnScheme', { name: isolate(member.data.name) })}</p>
          <p>
            <Link to={`/good-neighbour/arrangements/${active.id}`}>{t('goodNeighbour.wizard.openArrangement')}</Link>
          </p>
        </div>
      </Page>
    );
  }
  return <Wizard key={memberId ?? 'typed'} prefilled={member.data} />;
}

function Wizard({ prefilled }: { prefilled: Member | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [step, setStep] = useState<Step>('reader');
  const [reader, setReader] = useState<Member | null>(prefilled);
  const [cardNumber, setCardNumber] = useState(prefilled?.cardNumber ?? '');
  const [referralSource, setReferralSource] = useState<ReferralSource | ''>('');
  const [referralNote, setReferralNote] = useState('');
  const [neighbours, setNeighbours] = useState<NeighbourDraft[]>(() => [emptyNeighbour(prefilled?.homeBranch.id ?? '')]);
  const [consentMethod, setConsentMethod] = useState<ConsentMethod>('verbal');
  const [consentRead, setConsentRead] = useState(false);
  const [keepHistory, setKeepHistory] = useState(prefilled?.keepsHistory ?? false);
  const [noticeMarginDays, setNoticeMarginDays] = useState('2');
  const [autoRenew, setAutoRenew] = useState(false);
  const [writeOffAfterDays, setWriteOffAfterDays] = useState('90');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [messageStep, setMessageStep] = useState<Step>('reader');
  const [busy, setBusy] = useState(false);
  const firstRender = useRef(true);
  const index = steps.indexOf(step);
  const shown = onlyStep(errors, step, messageStep);
  const neighbourMaps = useNeighbourFieldMaps(neighbours);

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    // After a failed check the error summary takes focus instead.
    if (!hasErrors(onlyStep(errors, step, messageStep))) focusSoon('gn-step-heading');
    // Only a change of step moves focus; errors changing within a step are the summary's to announce.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [step]);

  const readerName = reader?.name ?? cardNumber.trim();
  const ids: Record<string, string> = {
    readerCardNumber: 'gn-reader-card',
    referralSource: 'gn-referral-source',
    referralNote: 'gn-referral-note',
    consentMethod: 'gn-consent-method-verbal',
    consentRead: 'gn-consent-read',
    keepHistory: 'gn-keep-history',
    noticeMarginDays: 'gn-notice-margin',
    autoRenew: 'gn-auto-renew',
    writeOffAfterDays: 'gn-write-off',
    ...neighbourMaps.ids,
  };
  const labels: Record<string, string> = {
    readerCardNumber: t('goodNeighbour.wizard.readerCard'),
    referralSource: t('goodNeighbour.referral.label'),
    referralNote: t('goodNeighbour.referral.note'),
    consentMethod: t('goodNeighbour.consent.method'),
    consentRead: t('goodNeighbour.consent.readLabel', { name: isolate(readerName) }),
    keepHistory: t('goodNeighbour.settings.keepHistory'),
    noticeMarginDays: t('goodNeighbour.settings.noticeMargin'),
    autoRenew: t('goodNeighbour.settings.autoRenew'),
    writeOffAfterDays: t('goodNeighbour.settings.writeOffAfter'),
    ...neighbourMaps.labels,
  };

  function checkStep(which: Step): Record<string, string> {
    const fields: Record<string, string> = {};
    if (which === 'reader') {
      if (!cardNumber.trim()) fields.readerCardNumber = t('forms.required', { field: labels.readerCardNumber });
      if (!referralSource) fields.referralSource = t('goodNeighbour.referral.required');
    }
    if (which === 'neighbours') {
      for (const draft of neighbours) {
        for (const [field, message] of Object.entries(checkNeighbour(draft, t))) fields[`${draft.key}.${field}`] = message;
      }
      const emails = neighbours.map((n) => n.email.trim().toLowerCase()).filter(Boolean);
      neighbours.forEach((draft) => {
        const email = draft.email.trim().toLowerCase();
        if (email && emails.indexOf(email) !== emails.lastIndexOf(email) && !fields[`${draft.key}.email`]) {
          fields[`${draft.key}.email`] = t('goodNeighbour.wizard.duplicateEmail');
        }
      });
    }
    if (which === 'consent') {
      if (!consentRead) fields.consentRead = t('goodNeighbour.consent.readRequired');
      if (wholeNumber(noticeMarginDays, 0, 28) === null) fields.noticeMarginDays = t('goodNeighbour.settings.noticeMarginInvalid');
      if (wholeNumber(writeOffAfterDays, 1, 3650) === null) fields.writeOffAfterDays = t('goodNeighbour.settings.writeOffInvalid');
    }
    return fields;
  }

  async function findReader(): Promise<boolean> {
    const typed = cardNumber.trim();
    if (reader && reader.cardNumber === typed) return true;
    const found = (await membersApi.search(typed)).items.find((m) => m.cardNumber === typed);
    if (!found) {
      setErrors({ message: null, fields: { readerCardNumber: t('goodNeighbour.wizard.noSuchCard') } });
      return false;
    }
    if ((await goodNeighbourApi.list({ readerId: found.id, status: 'active' })).items.length > 0) {
      setErrors({ message: null, fields: { readerCardNumber: t('goodNeighbour.wizard.alreadyOnScheme', { name: isolate(found.name) }) } });
      return false;
    }
    setReader(found);
    setNeighbours((list) => list.map((n) => (n.branchId ? n : { ...n, branchId: found.homeBranch.id })));
    if (!prefilled) setKeepHistory(found.keepsHistory);
    return true;
  }

  async function next(event: FormEvent) {
    event.preventDefault();
    const fields = checkStep(step);
    if (Object.keys(fields).length > 0) {
      setMessageStep(step);
      setErrors({ message: null, fields });
      return;
    }
    setErrors(noErrors);
    if (step === 'reader') {
      setBusy(true);
      try {
        if (!(await findReader())) return;
      } catch (error) {
        setMessageStep('reader');
        setErrors({ message: describeError(error, t), fields: {} });
        return;
      } finally {
        setBusy(false);
      }
    }
    const following = steps[index + 1];
    if (following) setStep(following);
  }

  function back() {
    setErrors(noErrors);
    const previous = steps[index - 1];
    if (previous) setStep(previous);
  }

  function body(): ConversionInput {
    return {
      readerCardNumber: reader?.cardNumber ?? cardNumber.trim(),
      neighbours: neighbours.map((draft) => neighbourInput(draft)),
      ...(referralSource && { referralSource }),
      ...(referralNote.trim() && { referralNote: referralNote.trim() }),
      consentMethod,
      keepHistory,
      noticeMarginDays: Number(noticeMarginDays.trim()),
      autoRenew,
      writeOffAfterDays: Number(writeOffAfterDays.trim()),
    };
  }

  async function convert(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors(noErrors);
    try {
      const arrangement = await goodNeighbourApi.convert(body());
      navigate(`/good-neighbour/arrangements/${arrangement.id}`, { state: { converted: true } });
    } catch (error) {
      const { neighbours: byIndex, other } = splitFieldErrors(error);
      const fields: Record<string, string> = {};
      for (const [i, found] of byIndex) {
        const draft = neighbours[i];
        if (draft) for (const [field, message] of Object.entries(found)) fields[`${draft.key}.${field}`] = message;
      }
      for (const [field, message] of Object.entries(other)) fields[field] = message;
      Object.assign(fields, fieldsForCode(error, t));
      const byCode = neighbourFieldOfCode(error);
      if (byCode && byIndex.size === 0) {
        // The server names no neighbour; when only one has the field filled in, it is theirs.
        const candidates = neighbours.filter((draft) => String(draft[byCode]).trim() !== '');
        if (candidates.length === 1) fields[`${candidates[0]!.key}.${byCode}`] = describeError(error, t);
      }
      const first = steps.find((s) => Object.keys(fields).some((field) => stepOf(field) === s)) ?? 'review';
      setMessageStep(first);
      setErrors({ message: describeError(error, t), fields });
      setStep(first);
    } finally {
      setBusy(false);
    }
  }

  function updateNeighbour(next: NeighbourDraft) {
    setNeighbours((list) => list.map((n) => (n.key === next.key ? next : n)));
  }
  function addNeighbour() {
    const added = emptyNeighbour(reader?.homeBranch.id ?? '');
    setNeighbours((list) => [...list, added]);
    focusSoon(`gn-${added.key}-heading`);
  }
  function removeNeighbour(key: string) {
    setNeighbours((list) => list.filter((n) => n.key !== key));
    setErrors((current) => ({ ...current, fields: Object.fromEntries(Object.entries(current.fields).filter(([field]) => !field.startsWith(`${key}.`))) }));
    focusSoon('gn-add-neighbour');
  }

  const neighbourName = (draft: NeighbourDraft, i: number) => draft.name.trim() || t('goodNeighbour.wizard.neighbourNumber', { number: i + 1 });

  const navigation = (
    <div className="button-row">
      {index > 0 ? (
        <button type="button" className="button button--secondary" onClick={back}>
          {t('goodNeighbour.wizard.back')}
        </button>
      ) : null}
      {step === 'review' ? (
        <SubmitButton busy={busy} busyLabel={t('goodNeighbour.wizard.converting')}>
          {t('goodNeighbour.wizard.convert')}
        </SubmitButton>
      ) : (
        <SubmitButton busy={busy} busyLabel={t('common.loading')}>
          {t('goodNeighbour.wizard.next')}
        </SubmitButton>
      )}
    </div>
  );

  return (
    <Page title={t('goodNeighbour.wizard.title')} intro={t('goodNeighbour.wizard.intro')}>
      {prefilled ? (
        <p>
          <Link to={`/members/${prefilled.id}`}>{t('goodNeighbour.wizard.backToMember', { name: isolate(prefilled.name) })}</Link>
        </p>
      ) : null}
      <ol className="plain-list button-row" aria-label={t('goodNeighbour.wizard.progress')}>
        {steps.map((s, i) => (
          <li key={s} aria-current={s === step ? 'step' : undefined}>
            <span className={s === step ? 'badge badge--info' : i < index ? 'badge badge--ok' : 'badge badge--muted'}>
              {t('goodNeighbour.wizard.stepShort', { number: i + 1, name: t(`goodNeighbour.wizard.steps.${s}`) })}
              {i < index ? <span className="visually-hidden"> {t('goodNeighbour.wizard.done')}</span> : null}
            </span>
          </li>
        ))}
      </ol>
      <section className="section" aria-labelledby="gn-step-heading">
        <h2 id="gn-step-heading" tabIndex={-1}>
          {t('goodNeighbour.wizard.stepHeading', { number: index + 1, total: steps.length, name: t(`goodNeighbour.wizard.steps.${step}`) })}
        </h2>
        <ErrorSummary errors={shown} fieldIds={ids} fieldLabels={labels} />
        <form className="form" noValidate onSubmit={(e) => void (step === 'review' ? convert(e) : next(e))} aria-labelledby="gn-step-heading">
          {step === 'reader' ? (
            <ReaderStep
              reader={prefilled}
              cardNumber={cardNumber}
              onCardNumber={(value) => {
                setCardNumber(value);
                if (reader && value.trim() !== reader.cardNumber) setReader(null);
              }}
              referralSource={referralSource}
              onReferralSource={setReferralSource}
              referralNote={referralNote}
              onReferralNote={setReferralNote}
              errors={shown.fields}
            />
          ) : null}
          {step === 'neighbours' ? (
            <>
              <p className="section-intro">{t('goodNeighbour.wizard.neighboursIntro', { name: isolate(readerName) })}</p>
              {neighbours.map((draft, i) => (
                <section key={draft.key} className="card" aria-labelledby={`gn-${draft.key}-heading`}>
                  <h3 id={`gn-${draft.key}-heading`} tabIndex={-1}>
                    {t('goodNeighbour.wizard.neighbourNumber', { number: i + 1 })}
                  </h3>
                  <NeighbourFields draft={draft} errors={errorsOf(shown.fields, draft.key)} onChange={updateNeighbour} />
                  {neighbours.length > 1 ? (
                    <div className="button-row">
                      <button type="button" className="button button--danger-outline" onClick={() => removeNeighbour(draft.key)}>
                        {t('goodNeighbour.wizard.removeNeighbour', { name: isolate(neighbourName(draft, i)) })}
                      </button>
                    </div>
                  ) : null}
                </section>
              ))}
              <div className="button-row">
                <button type="button" id="gn-add-neighbour" className="button button--secondary" onClick={addNeighbour}>
                  {t('goodNeighbour.wizard.addNeighbour')}
                </button>
              </div>
            </>
          ) : null}
          {step === 'consent' ? (
            <>
              {neighbours.map((draft, i) => (
                <div key={draft.key} className="card">
                  <PermissionFields draft={draft} onChange={updateNeighbour} legend={t('goodNeighbour.permissions.legend', { name: isolate(neighbourName(draft, i)) })} />
                </div>
              ))}
              <section className="card" aria-labelledby="gn-consent-heading">
                <h3 id="gn-consent-heading">{t('goodNeighbour.consent.heading')}</h3>
                <ConsentWording readerName={readerName} neighbourNames={neighbours.map(neighbourName)} />
                <RadioGroup
                  name="gn-consent-method"
                  legend={labels.consentMethod}
                  value={consentMethod}
                  onValueChange={(value) => setConsentMethod(value as ConsentMethod)}
                  options={consentMethods.map((method) => ({ value: method, label: t(`goodNeighbour.consent.methods.${method}`), hint: t(`goodNeighbour.consent.methodHints.${method}`) }))}
                />
                <div className={shown.fields.consentRead ? 'field field--error' : 'field'}>
                  {shown.fields.consentRead ? (
                    <p className="field__error" id="gn-consent-read-error">
                      <span className="visually-hidden">{t('forms.errorPrefix')} </span>
                      {shown.fields.consentRead}
                    </p>
                  ) : null}
                  <CheckboxField
                    id="gn-consent-read"
                    label={labels.consentRead}
                    checked={consentRead}
                    onCheckedChange={setConsentRead}
                    aria-invalid={shown.fields.consentRead ? true : undefined}
                    aria-describedby={shown.fields.consentRead ? 'gn-consent-read-error' : undefined}
                  />
                </div>
              </section>
              <section className="card" aria-labelledby="gn-settings-heading">
                <h3 id="gn-settings-heading">{t('goodNeighbour.settings.heading')}</h3>
                <SettingsFields
                  history={{ keep: keepHistory, onChange: setKeepHistory, readerName }}
                  noticeMarginDays={noticeMarginDays}
                  onNoticeMarginDays={setNoticeMarginDays}
                  autoRenew={autoRenew}
                  onAutoRenew={setAutoRenew}
                  writeOffAfterDays={writeOffAfterDays}
                  onWriteOffAfterDays={setWriteOffAfterDays}
                  errors={shown.fields}
                />
              </section>
            </>
          ) : null}
          {step === 'review' ? (
            <Review
              readerName={readerName}
              cardNumber={reader?.cardNumber ?? cardNumber.trim()}
              referralSource={referralSource}
              referralNote={referralNote}
              neighbours={neighbours}
              consentMethod={consentMethod}
              keepHistory={keepHistory}
              noticeMarginDays={Number(noticeMarginDays)}
              autoRenew={autoRenew}
              writeOffAfterDays={Number(writeOffAfterDays)}
              onChange={(target) => {
                setErrors(noErrors);
                setStep(target);
              }}
            />
          ) : null}
          {navigation}
        </form>
      </section>
    </Page>
  );
}

/** Errors the server reports by code alone, placed on the field they are about. */
function fieldsForCode(error: unknown, t: TFunction): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  if (error.code === 'member_not_found' || error.code === 'reader_not_found') return { readerCardNumber: t('goodNeighbour.wizard.noSuchCard') };
  if (error.code === 'already_on_scheme' || error.code === 'arrangement_exists') return { readerCardNumber: describeError(error, t) };
  return {};
}

function errorsOf(fields: Record<string, string>, key: string): NeighbourErrors {
  const found: NeighbourErrors = {};
  for (const field of neighbourFields) {
    const message = fields[`${key}.${field}`];
    if (message) found[field] = message;
  }
  return found;
}

interface ReaderStepProps {
  reader: Member | null;
  cardNumber: string;
  onCardNumber(value: string): void;
  referralSource: ReferralSource | '';
  onReferralSource(value: ReferralSource | ''): void;
  referralNote: string;
  onReferralNote(value: string): void;
  errors: Record<string, string>;
}

function ReaderStep({ reader, cardNumber, onCardNumber, referralSource, onReferralSource, referralNote, onReferralNote, errors }: ReaderStepProps) {
  const { t } = useTranslation();
  return (
    <>
      {reader ? (
        <dl className="summary-list card">
          <Detail term={t('goodNeighbour.reader.name')}>
            <bdi>{reader.name}</bdi>
          </Detail>
          <Detail term={t('goodNeighbour.reader.card')} dir="ltr">{reader.cardNumber}</Detail>
          <Detail term={t('goodNeighbour.reader.homeBranch')}>
            <bdi>{reader.homeBranch.name}</bdi>
          </Detail>
          <Detail term={t('goodNeighbour.reader.category')}>
            <bdi>{reader.category.name}</bdi>
          </Detail>
        </dl>
      ) : (
        <TextField id="gn-reader-card" label={t('goodNeighbour.wizard.readerCard')} hint={t('goodNeighbour.wizard.readerCardHint')} dir="ltr" autoComplete="off" value={cardNumber} onValueChange={onCardNumber} error={errors.readerCardNumber} required />
      )}
      {reader && errors.readerCardNumber ? <p className="field__error">{errors.readerCardNumber}</p> : null}
      <SelectField
        id="gn-referral-source"
        label={t('goodNeighbour.referral.label')}
        value={referralSource}
        onValueChange={(value) => onReferralSource(value as ReferralSource | '')}
        error={errors.referralSource}
        options={[{ value: '', label: t('goodNeighbour.referral.choose') }, ...referralSources.map((source) => ({ value: source, label: t(`goodNeighbour.referral.sources.${source}`) }))]}
        required
      />
      <TextAreaField id="gn-referral-note" label={t('goodNeighbour.referral.note')} hint={t('goodNeighbour.referral.noteHint')} optional dir="auto" value={referralNote} onValueChange={onReferralNote} error={errors.referralNote} />
    </>
  );
}

interface ReviewProps {
  readerName: string;
  cardNumber: string;
  referralSource: ReferralSource | '';
  referralNote: string;
  neighbours: NeighbourDraft[];
  consentMethod: ConsentMethod;
  keepHistory: boolean;
  noticeMarginDays: number;
  autoRenew: boolean;
  writeOffAfterDays: number;
  onChange(step: Step): void;
}

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <Detail term={term}>{children}</Detail>
  );
}

function Review(props: ReviewProps) {
  const { t } = useTranslation();
  const languageName = useLanguageName();
  const pattern = useVisitPattern();
  const [branches] = useResource((signal) => branchesApi.list(signal), []);
  const branchName = (id: string) => (branches.status === 'ready' ? branches.data.items.find((b) => b.id === id)?.name : undefined) ?? '—';
  const yesNo = (value: boolean) => (value ? t('goodNeighbour.yes') : t('goodNeighbour.no'));
  const change = (step: Step, what: string) => (
    <button type="button" className="button button--secondary button--small" onClick={() => props.onChange(step)}>
      {t('goodNeighbour.wizard.change')}
      <span className="visually-hidden"> {what}</span>
    </button>
  );

  return (
    <>
      <p className="section-intro">{t('goodNeighbour.wizard.reviewIntro')}</p>
      <section className="subsection" aria-labelledby="gn-review-reader">
        <h3 id="gn-review-reader">{t('goodNeighbour.wizard.steps.reader')}</h3>
        <dl className="summary-list card">
          <Row term={t('goodNeighbour.reader.name')}>
            <bdi>{props.readerName}</bdi>
          </Row>
          <Row term={t('goodNeighbour.reader.card')}>
            <span dir="ltr">{props.cardNumber}</span>
          </Row>
          <Row term={t('goodNeighbour.referral.label')}>{props.referralSource ? t(`goodNeighbour.referral.sources.${props.referralSource}`) : '—'}</Row>
          <Row term={t('goodNeighbour.referral.note')}>{props.referralNote.trim() ? <bdi className="pre-line">{props.referralNote.trim()}</bdi> : '—'}</Row>
        </dl>
        <div className="button-row">{change('reader', t('goodNeighbour.wizard.steps.reader'))}</div>
      </section>
      {props.neighbours.map((draft, i) => {
        const everyDays = draft.frequency === '' ? null : Number(draft.frequency === 'other' ? draft.everyDays : draft.frequency);
        const sees = (['maySeeLoans', 'maySeeHistory', 'maySeeProfile'] as const).filter((field) => draft[field]).map((field) => t(`goodNeighbour.permissions.short.${field}`));
        return (
          <section className="subsection" key={draft.key} aria-labelledby={`gn-review-${draft.key}`}>
            <h3 id={`gn-review-${draft.key}`}>
              {t('goodNeighbour.wizard.neighbourNumber', { number: i + 1 })}: <bdi>{draft.name}</bdi>
            </h3>
            <dl className="summary-list card">
              <Row term={t('goodNeighbour.neighbour.relationship')}>
                <bdi>{draft.relationship}</bdi>
              </Row>
              <Row term={t('goodNeighbour.neighbour.email')}>{draft.email.trim() ? <bdi>{draft.email.trim()}</bdi> : '—'}</Row>
              <Row term={t('goodNeighbour.neighbour.phone')}>{draft.phone.trim() ? <bdi>{draft.phone.trim()}</bdi> : '—'}</Row>
              <Row term={t('goodNeighbour.neighbour.cardNumber')}>{draft.cardNumber.trim() ? <span dir="ltr">{draft.cardNumber.trim()}</span> : '—'}</Row>
              <Row term={t('goodNeighbour.neighbour.branch')}>
                <bdi>{draft.branchId ? branchName(draft.branchId) : '—'}</bdi>
              </Row>
              <Row term={t('goodNeighbour.neighbour.language')}>{languageName(draft.language)}</Row>
              <Row term={t('goodNeighbour.neighbour.visits')}>{pattern({ visitEveryDays: everyDays, visitsFrom: draft.visitsFrom || null, visitDates: draft.visitDates.filter(Boolean) })}</Row>
              <Row term={t('goodNeighbour.neighbour.advanceNoticeShort')}>{yesNo(draft.advanceNotice)}</Row>
              <Row term={t('goodNeighbour.permissions.maySee')}>{sees.length > 0 ? sees.join(t('common.listSeparator')) : t('goodNeighbour.permissions.nothing')}</Row>
            </dl>
            <div className="button-row">
              {change('neighbours', draft.name)}
            </div>
          </section>
        );
      })}
      <section className="subsection" aria-labelledby="gn-review-consent">
        <h3 id="gn-review-consent">{t('goodNeighbour.wizard.steps.consent')}</h3>
        <dl className="summary-list card">
          <Row term={t('goodNeighbour.consent.method')}>{t(`goodNeighbour.consent.methods.${props.consentMethod}`)}</Row>
          <Row term={t('goodNeighbour.consent.readShort')}>{t('goodNeighbour.yes')}</Row>
          <Row term={t('goodNeighbour.settings.keepHistory')}>{yesNo(props.keepHistory)}</Row>
          <Row term={t('goodNeighbour.settings.noticeMargin')}>{t('goodNeighbour.settings.days', { count: props.noticeMarginDays })}</Row>
          <Row term={t('goodNeighbour.settings.autoRenew')}>{yesNo(props.autoRenew)}</Row>
          <Row term={t('goodNeighbour.settings.writeOffAfter')}>{t('goodNeighbour.settings.days', { count: props.writeOffAfterDays })}</Row>
        </dl>
        <div className="button-row">{change('consent', t('goodNeighbour.wizard.steps.consent'))}</div>
      </section>
    </>
  );
}
