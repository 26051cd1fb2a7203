import { useState, type FormEvent } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useConfirm } from '../platform/confirm';
import { describeError, noErrors, type FormErrors } from '../platform/errors';
import { useFormatters } from '../platform/format';
import { ErrorSummary, FormActions, RadioGroup, SelectField, StatusMessage, TextAreaField, useFormSending } from '../platform/forms';
import { isolate } from '../platform/i18n';
import { ErrorNotice, Loading } from '../platform/notices';
import { Detail, LoadFailedPage, Page, focusSoon } from '../platform/page';
import { useResource } from '../platform/resource';
import { consentMethods, goodNeighbourApi, referralSources, type Arrangement, type ConsentMethod, type ReferralSource } from './api';
import { ArrangementStatusBadge, nextVisitOf } from './parts';
import { SettingsFields } from './SettingsFields';
import { CoversSection, NeighboursSection } from './ArrangementNeighbours';
import { NoticesSentSection, ReaderLoansSection } from './ArrangementLoans';

export interface SectionProps {
  arrangement: Arrangement;
  /** Shows the arrangement as the server now has it, and announces what changed. */
  onChanged(next: Arrangement, message: string): void;
  onStatus(message: string): void;
}

/** Everything about one reader's arrangement: who collects, when they visit, what they see, and the reader's loans. */
export function ArrangementPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const location = useLocation();
  const converted = (location.state as { converted?: boolean } | null)?.converted ?? false;
  const [arrangement, reload, update] = useResource((signal) => goodNeighbourApi.get(id, signal), [id]);
  const [status, setStatus] = useState<string | null>(null);

  if (arrangement.status === 'loading') return <Loading />;
  if (arrangement.status === 'error') {
    return <LoadFailedPage title={t('goodNeighbour.arrangement.notFoundTitle')} error={arrangement.error} onRetry={reload} back={{ to: '/good-neighbour', label: t('goodNeighbour.arrangement.backToList') }} />;
  }
  const shown = arrangement.data;
  const section: SectionProps = {
    arrangement: shown,
    onChanged: (next, message) => {
      update(() => next);
      setStatus(message);
    },
    onStatus: setStatus,
  };
  const active = shown.status === 'active';

  return (
    <Page title={t('goodNeighbour.arrangement.title', { name: isolate(shown.reader.name) })}>
      <StatusMessage message={status ?? (converted ? t('goodNeighbour.arrangement.converted', { name: isolate(shown.reader.name) }) : null)} />
      <ul className="plain-list button-row">
        <li>
          <Link to="/good-neighbour">{t('goodNeighbour.arrangement.backToList')}</Link>
        </li>
        <li>
          <Link to={`/members/${shown.reader.id}`}>{t('goodNeighbour.arrangement.memberPage', { name: isolate(shown.reader.name) })}</Link>
        </li>
        {active ? (
          <li>
            <Link to={`/good-neighbour/arrangements/${shown.id}/choosing`}>{t('goodNeighbour.arrangement.choosing')}</Link>
          </li>
        ) : null}
        <li>
          <a href={goodNeighbourApi.largePrintUrl(shown.id)} target="_blank" rel="noreferrer">
            {t('goodNeighbour.arrangement.largePrint')} <span className="visually-hidden">{t('common.opensInNewTab')}</span>
          </a>
        </li>
      </ul>
      <Summary arrangement={shown} />
      <NeighboursSection {...section} />
      <CoversSection {...section} />
      <ReaderLoansSection {...section} />
      <NoticesSentSection {...section} />
      {active ? (
        <>
          <SettingsSection key={`${shown.id}-settings`} {...section} />
          <EndSection {...section} />
        </>
      ) : null}
    </Page>
  );
}

function Summary({ arrangement }: { arrangement: Arrangement }) {
  const { t } = useTranslation();
  const { date, dateTime } = useFormatters();
  const next = nextVisitOf(arrangement);
  return (
    <section className="section" aria-labelledby="gn-summary-heading">
      <h2 id="gn-summary-heading">{t('goodNeighbour.arrangement.summaryHeading')}</h2>
      <dl className="summary-list card">
        <Detail term={t('goodNeighbour.reader.name')}>
          <bdi>{arrangement.reader.name}</bdi>
        </Detail>
        <Detail term={t('goodNeighbour.reader.card')}>
          <span dir="ltr">{arrangement.reader.cardNumber}</span>
        </Detail>
        <Detail term={t('goodNeighbour.arrangement.status')}>
          <ArrangementStatusBadge status={arrangement.status} />
        </Detail>
        <Detail term={t('goodNeighbour.arrangement.nextVisit')}>
          {next ? t('goodNeighbour.arrangement.nextVisitBy', { date: date(next.date), name: isolate(next.name) }) : t('goodNeighbour.arrangement.noNextVisit')}
        </Detail>
        <Detail term={t('goodNeighbour.arrangement.started')}>
          {arrangement.startedBy
            ? t('goodNeighbour.arrangement.startedBy', { date: dateTime(arrangement.startedAt), name: isolate(arrangement.startedBy.name) })
            : dateTime(arrangement.startedAt)}
        </Detail>
        <Detail term={t('goodNeighbour.referral.label')}>
          {t(`goodNeighbour.referral.sources.${arrangement.referralSource}`)}
          {arrangement.referralNote ? (
            <span className="summary-list__note">
              <bdi className="pre-line">{arrangement.referralNote}</bdi>
            </span>
          ) : null}
        </Detail>
        <Detail term={t('goodNeighbour.arrangement.consent')}>
          {t('goodNeighbour.arrangement.consentGiven', { method: t(`goodNeighbour.consent.methods.${arrangement.consent.method}`), date: dateTime(arrangement.consent.givenAt) })}
          {arrangement.consent.withdrawnAt ? (
            <span className="summary-list__note">{t('goodNeighbour.arrangement.consentWithdrawn', { date: dateTime(arrangement.consent.withdrawnAt) })}</span>
          ) : null}
        </Detail>
        <Detail term={t('goodNeighbour.arrangement.previousCategory')}>
          <bdi>{arrangement.previousCategory.name}</bdi>
          <span className="summary-list__note">{t('goodNeighbour.arrangement.previousCategoryHint')}</span>
        </Detail>
        {arrangement.endedAt ? (
          <Detail term={t('goodNeighbour.arrangement.ended')}>
            {arrangement.endedBy
              ? t('goodNeighbour.arrangement.startedBy', { date: dateTime(arrangement.endedAt), name: isolate(arrangement.endedBy.name) })
              : dateTime(arrangement.endedAt)}
            {arrangement.endReason ? (
              <span className="summary-list__note">
                <bdi>{arrangement.endReason}</bdi>
              </span>
            ) : null}
          </Detail>
        ) : null}
      </dl>
    </section>
  );
}

function SettingsSection({ arrangement, onChanged }: SectionProps) {
  const { t } = useTranslation();
  const [referralSource, setReferralSource] = useState<ReferralSource>(arrangement.referralSource);
  const [referralNote, setReferralNote] = useState(arrangement.referralNote ?? '');
  const [consentMethod, setConsentMethod] = useState<ConsentMethod>(arrangement.consent.method);
  const [noticeMarginDays, setNoticeMarginDays] = useState(String(arrangement.noticeMarginDays));
  const [writeOffAfterDays, setWriteOffAfterDays] = useState(String(arrangement.writeOffAfterDays));
  const [autoRenew, setAutoRenew] = useState(arrangement.autoRenew);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const ids = { referralSource: 'gn-settings-referral', referralNote: 'gn-settings-note', consentMethod: 'gn-settings-consent-verbal', noticeMarginDays: 'gn-notice-margin', writeOffAfterDays: 'gn-write-off', autoRenew: 'gn-auto-renew' };
  const labels = {
    referralSource: t('goodNeighbour.referral.label'),
    referralNote: t('goodNeighbour.referral.note'),
    consentMethod: t('goodNeighbour.consent.method'),
    noticeMarginDays: t('goodNeighbour.settings.noticeMargin'),
    writeOffAfterDays: t('goodNeighbour.settings.writeOffAfter'),
    autoRenew: t('goodNeighbour.settings.autoRenew'),
  };
  const { busy, sendForm } = useFormSending(setErrors);

  async function save(event: FormEvent) {
    event.preventDefault();
    const fields: Record<string, string> = {};
    const margin = Number(noticeMarginDays.trim());
    const writeOff = Number(writeOffAfterDays.trim());
    if (!noticeMarginDays.trim() || !Number.isInteger(margin) || margin < 0 || margin > 28) fields.noticeMarginDays = t('goodNeighbour.settings.noticeMarginInvalid');
    if (!writeOffAfterDays.trim() || !Number.isInteger(writeOff) || writeOff < 1 || writeOff > 3650) fields.writeOffAfterDays = t('goodNeighbour.settings.writeOffInvalid');
    await sendForm(fields, async () => {
      const next = await goodNeighbourApi.update(arrangement.id, { referralSource, referralNote: referralNote.trim() || null, consentMethod, noticeMarginDays: margin, writeOffAfterDays: writeOff, autoRenew });
      onChanged(next, t('goodNeighbour.settings.saved'));
    });
  }

  return (
    <section className="section" aria-labelledby="gn-settings-heading">
      <h2 id="gn-settings-heading">{t('goodNeighbour.settings.heading')}</h2>
      <ErrorSummary errors={errors} fieldIds={ids} fieldLabels={labels} />
      <form className="form card" noValidate onSubmit={(e) => void save(e)} aria-labelledby="gn-settings-heading">
        <div className="form-grid">
          <SelectField
            id={ids.referralSource}
            label={labels.referralSource}
            value={referralSource}
            onValueChange={(value) => setReferralSource(value as ReferralSource)}
            error={errors.fields.referralSource}
            options={referralSources.map((source) => ({ value: source, label: t(`goodNeighbour.referral.sources.${source}`) }))}
          />
        </div>
        <TextAreaField id={ids.referralNote} label={labels.referralNote} hint={t('goodNeighbour.referral.noteHint')} optional dir="auto" value={referralNote} onValueChange={setReferralNote} error={errors.fields.referralNote} />
        <RadioGroup
          name="gn-settings-consent"
          legend={labels.consentMethod}
          value={consentMethod}
          onValueChange={(value) => setConsentMethod(value as ConsentMethod)}
          options={consentMethods.map((method) => ({ value: method, label: t(`goodNeighbour.consent.methods.${method}`) }))}
        />
        <SettingsFields
          noticeMarginDays={noticeMarginDays}
          onNoticeMarginDays={setNoticeMarginDays}
          autoRenew={autoRenew}
          onAutoRenew={setAutoRenew}
          writeOffAfterDays={writeOffAfterDays}
          onWriteOffAfterDays={setWriteOffAfterDays}
          errors={errors.fields}
        />
        <FormActions busy={busy} submitLabel={t('goodNeighbour.settings.save')} />
      </form>
    </section>
  );
}

/** Ending, or the reader withdrawing consent (which ends it too), each confirmed first. */
function EndSection({ arrangement, onChanged }: SectionProps) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirm, dialog] = useConfirm();
  const name = isolate(arrangement.reader.name);
  const category = isolate(arrangement.previousCategory.name);

  async function end(event: FormEvent) {
    event.preventDefault();
    const ok = await confirm({
      title: t('goodNeighbour.end.confirmTitle', { name }),
      body: <p>{t('goodNeighbour.end.confirmBody', { name, category })}</p>,
      confirmLabel: t('goodNeighbour.end.submit'),
      destructive: true,
    });
    if (ok) await run(() => goodNeighbourApi.end(arrangement.id, reason.trim()), t('goodNeighbour.end.ended', { name, category }));
  }

  async function withdraw() {
    const ok = await confirm({
      title: t('goodNeighbour.end.withdrawTitle', { name }),
      body: <p>{t('goodNeighbour.end.withdrawBody', { name, category })}</p>,
      confirmLabel: t('goodNeighbour.end.withdraw'),
      destructive: true,
    });
    if (ok) await run(() => goodNeighbourApi.withdrawConsent(arrangement.id, reason.trim()), t('goodNeighbour.end.withdrawn', { name, category }));
  }

  async function run(action: () => Promise<Arrangement>, message: string) {
    setBusy(true);
    setProblem(null);
    try {
      onChanged(await action(), message);
      focusSoon('page-title');
    } catch (error) {
      setProblem(describeError(error, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="section" aria-labelledby="gn-end-heading">
      <h2 id="gn-end-heading">{t('goodNeighbour.end.heading')}</h2>
      <p className="section-intro">{t('goodNeighbour.end.intro', { name, category })}</p>
      <ErrorNotice message={problem} />
      <form className="form card" noValidate onSubmit={(e) => void end(e)} aria-labelledby="gn-end-heading">
        <TextAreaField id="gn-end-reason" label={t('goodNeighbour.end.reason')} hint={t('goodNeighbour.end.reasonHint')} optional dir="auto" maxLength={500} value={reason} onValueChange={setReason} />
        <div className="button-row">
          <button type="submit" className="button button--danger" disabled={busy}>
            {t('goodNeighbour.end.submit')}
          </button>
          <button type="button" className="button button--danger-outline" disabled={busy} onClick={() => void withdraw()}>
            {t('goodNeighbour.end.withdraw')}
          </button>
        </div>
      </form>
      {dialog}
    </section>
  );
}
