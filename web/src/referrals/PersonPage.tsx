import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../platform/auth';
import { useConfirm } from '../platform/confirm';
import { describeError, type FormErrors, noErrors } from '../platform/errors';
import { useFormatters } from '../platform/format';
import { ErrorSummary, FormActions, StatusMessage, TextAreaField, useFormSending } from '../platform/forms';
import { isolate } from '../platform/i18n';
import { ErrorNotice, Loading } from '../platform/notices';
import { focusSoon, LoadFailedPage, Page } from '../platform/page';
import { useResource } from '../platform/resource';
import { LoadedTable, DataTable } from '../platform/tables';
import { exportLinks, referralsApi, type Consent, type PersonRecord } from './api';
import {
  ageText,
  ConsentFields,
  consentFieldErrors,
  consentInput,
  consentProblems,
  ConsentSummary,
  emptyConsent,
  PersonDetails,
  Section,
  StatusBadge,
  StoryList,
  usePartnerOrganisations,
  withWording,
  type ConsentDraft,
} from './parts';

/** One person: their story, their consents, their referrals, their data to take away, who has seen it, and erasure. */
export function PersonPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [record, reload, update] = useResource((signal) => referralsApi.person(id, signal), [id]);
  const [status, setStatus] = useState<string | null>(null);

  if (record.status === 'loading') return <Loading />;
  if (record.status === 'error') {
    return <LoadFailedPage title={t('referrals.personPage.loadFailed')} error={record.error} onRetry={reload} back={{ to: '/referrals', label: t('referrals.backToBoxes') }} />;
  }
  const shown = record.data;
  const changed = (fn: (current: PersonRecord) => PersonRecord, message: string) => {
    update(fn);
    setStatus(message);
  };

  return (
    <Page title={shown.person.name}>
      <StatusMessage message={status} />
      <p>
        <Link to="/referrals">{t('referrals.backToBoxes')}</Link>
      </p>
      <Section id="person-contact-heading" heading={t('referrals.page.safeContact')}>
        <PersonDetails person={shown.person} />
      </Section>
      <StorySection record={shown} onChanged={changed} />
      <ConsentsSection record={shown} onChanged={changed} />
      <ReferralsSection record={shown} />
      <DataSection personId={shown.person.id} />
      <EraseSection record={shown} />
    </Page>
  );
}

type Changed = (fn: (current: PersonRecord) => PersonRecord, message: string) => void;

function StorySection({ record, onChanged }: { record: PersonRecord; onChanged: Changed }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const { busy, sendForm } = useFormSending(setErrors);

  async function append(event: FormEvent) {
    event.preventDefault();
    const body = text.trim();
    await sendForm(body ? {} : { text: t('referrals.story.textRequired') }, async () => {
      const entry = await referralsApi.appendStory(record.person.id, body);
      setText('');
      onChanged((current) => ({ ...current, story: [...current.story, entry] }), t('referrals.story.appended'));
    });
  }

  return (
    <Section id="person-story-heading" heading={t('referrals.page.story')} intro={t('referrals.story.intro')}>
      <StoryList story={record.story} labelledBy="person-story-heading" />
      <ErrorSummary errors={errors} fieldIds={{ text: 'person-story-text' }} fieldLabels={{ text: t('referrals.story.add') }} />
      <form className="form card" noValidate onSubmit={(e) => void append(e)} aria-label={t('referrals.story.add')}>
        <TextAreaField id="person-story-text" label={t('referrals.story.add')} hint={t('referrals.form.storyHint')} rows={4} dir="auto" maxLength={20000} value={text} error={errors.fields.text} onValueChange={setText} />
        <FormActions busy={busy} submitLabel={t('referrals.story.addButton')} />
      </form>
    </Section>
  );
}

function ConsentsSection({ record, onChanged }: { record: PersonRecord; onChanged: Changed }) {
  const { t } = useTranslation();
  const { dateTime } = useFormatters();
  const [confirm, dialog] = useConfirm();
  const [problem, setProblem] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);

  async function withdraw(consent: Consent) {
    const ok = await confirm({
      title: t('referrals.consent.withdrawTitle'),
      body: (
        <>
          <p>{t('referrals.consent.withdrawBody', { date: dateTime(consent.givenAt) })}</p>
          <p>{t('referrals.consent.withdrawEffect')}</p>
        </>
      ),
      confirmLabel: t('referrals.consent.withdraw'),
      destructive: true,
    });
    if (!ok) return;
    setProblem(null);
    try {
      const withdrawn = await referralsApi.withdrawConsent(consent.id);
      onChanged((current) => ({ ...current, consents: current.consents.map((c) => (c.id === withdrawn.id ? withdrawn : c)) }), t('referrals.consent.withdrawn'));
    } catch (error) {
      setProblem(describeError(error, t));
    }
  }

  return (
    <Section id="person-consents-heading" heading={t('referrals.personPage.consents')}>
      <ErrorNotice message={problem} />
      {record.consents.length === 0 ? <p>{t('referrals.personPage.noConsents')}</p> : null}
      <ul className="plain-list referral-story" aria-labelledby="person-consents-heading">
        {record.consents.map((consent) => (
          <li key={consent.id}>
            <ConsentSummary consent={consent}>
              {consent.withdrawnAt ? null : (
                <p>
                  <button type="button" className="button button--small button--danger-outline" onClick={() => void withdraw(consent)}>
                    {t('referrals.consent.withdraw')}
                    <span className="visually-hidden"> {t('referrals.consent.givenOn', { date: dateTime(consent.givenAt) })}</span>
                  </button>
                </p>
              )}
            </ConsentSummary>
          </li>
        ))}
      </ul>
      {adding ? (
        <NewConsentForm
          record={record}
          onRecorded={(consent) => {
            setAdding(false);
            onChanged((current) => ({ ...current, consents: [...current.consents, consent] }), t('referrals.consent.recorded'));
            focusSoon('person-add-consent');
          }}
          onCancel={() => {
            setAdding(false);
            focusSoon('person-add-consent');
          }}
        />
      ) : (
        <button type="button" id="person-add-consent" className="button button--secondary" onClick={() => setAdding(true)}>
          {t('referrals.consent.recordAnother')}
        </button>
      )}
      {dialog}
    </Section>
  );
}

function NewConsentForm({ record, onRecorded, onCancel }: { record: PersonRecord; onRecorded(consent: Consent): void; onCancel(): void }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const partners = usePartnerOrganisations();
  const organisations = partners.own ? partners.partnersOf(partners.own.id) : [];
  const senderName = partners.own?.name ?? user?.tenantName ?? '';
  const [draft, setDraft] = useState<ConsentDraft>(() => emptyConsent(record.person.name, []));
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const { busy, sendForm } = useFormSending(setErrors);
  const consent = withWording(draft, t, senderName, organisations);

  async function submit(event: FormEvent) {
    event.preventDefault();
    await sendForm(consentProblems(consent, t), async () => onRecorded(await referralsApi.recordConsent(record.person.id, consentInput(consent))), consentFieldErrors);
  }

  const prefix = 'person-consent';
  const fields = ['givenBy', 'givenByRelationship', 'method', 'givenAt', 'wording', 'organisationIds', 'validUntil'];
  return (
    <>
      <ErrorSummary errors={errors} fieldIds={Object.fromEntries(fields.map((f) => [f, `${prefix}-${f}`]))} fieldLabels={{}} />
      <form className="form card" noValidate onSubmit={(e) => void submit(e)} aria-label={t('referrals.consent.recordAnother')}>
        <ConsentFields idPrefix={prefix} draft={consent} organisations={organisations} senderName={senderName} errors={errors.fields} onChange={setDraft} />
        <FormActions busy={busy} submitLabel={t('referrals.consent.record')} onCancel={onCancel} />
      </form>
    </>
  );
}

function ReferralsSection({ record }: { record: PersonRecord }) {
  const { t } = useTranslation();
  return (
    <Section id="person-referrals-heading" heading={t('referrals.personPage.referrals')}>
      {record.referrals.length === 0 ? (
        <p>{t('referrals.personPage.noReferrals')}</p>
      ) : (
        <DataTable caption={t('referrals.personPage.referralsCaption', { count: record.referrals.length })} columns={[t('referrals.columns.service'), t('referrals.page.from'), t('referrals.page.to'), t('referrals.columns.status'), t('referrals.columns.age')]}>
          {record.referrals.map((referral) => (
            <tr key={referral.id}>
              <th scope="row">
                <Link to={`/referrals/${encodeURIComponent(referral.id)}`}>
                  <bdi>{referral.serviceName}</bdi>
                </Link>
              </th>
              <td>
                <bdi>{referral.sendingOrganisation.name}</bdi>
              </td>
              <td>
                <bdi>{referral.receivingOrganisation.name}</bdi>
              </td>
              <td>
                <StatusBadge status={referral.status} />
              </td>
              <td>{ageText(referral.ageDays, t)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Section>
  );
}

/** The audit actions the "who has seen" list names in words. */
const viewActions = ['story_viewed', 'viewed', 'subject_access_exported', 'sent', 'person_recorded', 'story_appended', 'status_changed', 'contact_recorded', 'note_added', 're_referred', 'safeguarding_basis_used', 'consent_recorded', 'consent_withdrawn'] as const;
type ViewAction = (typeof viewActions)[number];
const isViewAction = (action: string): action is ViewAction => (viewActions as readonly string[]).includes(action);

/** The person's right to their data: a copy to take away, and who has read it. */
function DataSection({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const { dateTime } = useFormatters();
  const [views, reload] = useResource((signal) => referralsApi.views(personId, signal), [personId]);
  const links = exportLinks(personId);
  // Audit actions read "referral.story_viewed"; the screen names the ones it knows and shows the rest as they are.
  const viewedWhat = (action: string) => {
    const known = action.replace(/^referral\./, '');
    return isViewAction(known) ? t(`referrals.personPage.actions.${known}`) : action;
  };
  return (
    <Section id="person-data-heading" heading={t('referrals.personPage.data')} intro={t('referrals.personPage.dataIntro')}>
      <ul className="plain-list button-row">
        <li>
          <a className="button button--secondary" href={links.json} download>
            {t('referrals.personPage.downloadJson')}
          </a>
        </li>
        <li>
          <a className="button button--secondary" href={links.pdf} download>
            {t('referrals.personPage.downloadPdf')}
          </a>
        </li>
      </ul>
      <h3 id="person-views-heading">{t('referrals.personPage.views')}</h3>
      <LoadedTable
        resource={views}
        onRetry={reload}
        empty={t('referrals.personPage.noViews')}
        caption={t('referrals.personPage.viewsCaption')}
        columns={[t('referrals.personPage.viewedAt'), t('referrals.personPage.viewedBy'), t('referrals.personPage.viewedOrganisation'), t('referrals.personPage.viewedWhat')]}
        rows={(items) =>
          items.map((view, index) => (
            <tr key={`${view.at}-${index}`}>
              <td>{dateTime(view.at)}</td>
              <td>
                <bdi>{view.actorName}</bdi>
              </td>
              <td>{view.organisation ? <bdi>{view.organisation.name}</bdi> : '—'}</td>
              <td>{viewedWhat(view.action)}</td>
            </tr>
          ))
        }
      />
    </Section>
  );
}

/** Erasing the person everywhere, once a reason is written and the erasure confirmed. */
function EraseSection({ record }: { record: PersonRecord }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [confirm, dialog] = useConfirm();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const name = isolate(record.person.name);

  async function erase(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim()) {
      setError(t('referrals.erase.reasonRequired'));
      focusSoon('person-erase-reason');
      return;
    }
    setError(undefined);
    const ok = await confirm({ title: t('referrals.erase.confirmTitle', { name }), body: <p>{t('referrals.erase.confirmBody')}</p>, confirmLabel: t('referrals.erase.button'), destructive: true });
    if (!ok) return;
    setBusy(true);
    setProblem(null);
    try {
      await referralsApi.erase(record.person.id, reason.trim());
      void navigate('/referrals', { replace: true });
    } catch (failure) {
      setProblem(describeError(failure, t));
      setBusy(false);
    }
  }

  return (
    <Section id="person-erase-heading" heading={t('referrals.erase.heading')} intro={t('referrals.erase.intro')}>
      <ErrorNotice message={problem} />
      <form className="form card" noValidate onSubmit={(e) => void erase(e)} aria-labelledby="person-erase-heading">
        <TextAreaField id="person-erase-reason" label={t('referrals.erase.reason')} hint={t('referrals.erase.reasonHint')} dir="auto" maxLength={2000} value={reason} error={error} onValueChange={setReason} />
        <div className="button-row">
          <button type="submit" className="button button--danger" disabled={busy}>
            {t('referrals.erase.button')}
          </button>
        </div>
      </form>
      {dialog}
    </Section>
  );
}
