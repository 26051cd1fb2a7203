import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../platform/auth';
import { useFormatters } from '../platform/format';
import { ErrorSummary, StatusMessage, TextAreaField, useFormSending } from '../platform/forms';
import { isolate } from '../platform/i18n';
import { Loading } from '../platform/notices';
import { Detail, focusSoon, LoadFailedPage, Page } from '../platform/page';
import { useResource } from '../platform/resource';
import type { FoundService } from '../directory/api';
import { referralsApi, type ReferralDetail, type ReferralEvent } from './api';
import { RecordSection, StatusActions } from './ReferralActions';
import {
  ageText,
  ConsentFields,
  consentFieldErrors,
  consentInput,
  consentProblems,
  ConsentSummary,
  emptyConsent,
  PersonDetails,
  PersonName,
  SafeguardingFields,
  safeguardingBasisReady,
  Section,
  SendWhenReady,
  ServicePicker,
  StatusBadge,
  StoryList,
  UrgencyBadge,
  usePartnerOrganisations,
  withWording,
  type ConsentDraft,
} from './parts';

/** What the form that sent a referral tells its page to announce. */
interface ReferralLocationState {
  sent?: boolean;
}

export function ReferralPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [referral, reload, update] = useResource((signal) => referralsApi.get(id, signal), [id]);
  const sent = (useLocation().state as ReferralLocationState | null)?.sent ?? false;
  const [status, setStatus] = useState<string | null>(sent ? t('referrals.page.sent') : null);

  if (referral.status === 'loading') return <Loading />;
  if (referral.status === 'error') {
    return <LoadFailedPage title={t('referrals.page.loadFailed')} error={referral.error} onRetry={reload} back={{ to: '/referrals', label: t('referrals.backToBoxes') }} />;
  }
  const shown = referral.data;
  const moved = (next: ReferralDetail, message: string) => {
    update(() => next);
    setStatus(message);
    focusSoon('page-title');
  };
  const recorded = (event: ReferralEvent, message: string) => {
    update((current) => ({ ...current, events: [...current.events, event] }));
    setStatus(message);
  };

  return (
    <Page title={t('referrals.page.title', { service: isolate(shown.serviceName) })}>
      <StatusMessage message={status} />
      <p>
        <Link to="/referrals">{t('referrals.backToBoxes')}</Link>
      </p>
      <ReferralHeader referral={shown} />
      <StatusActions referral={shown} onMoved={moved} />
      {shown.status === 'rejected' && shown.side === 'sender' ? <ReReferSection referral={shown} /> : null}
      <PersonSection referral={shown} />
      <Section id="referral-consent-heading" heading={t('referrals.page.consent')}>
        {shown.consent ? <ConsentSummary consent={shown.consent} /> : null}
        {shown.safeguardingBasis ? (
          <div className="notice notice--error">
            <p>
              <strong>{t('referrals.safeguarding.flag')}</strong>
            </p>
            <p className="pre-line" dir="auto">
              {shown.safeguardingBasis}
            </p>
          </div>
        ) : null}
        {!shown.consent && !shown.safeguardingBasis ? <p>{t('referrals.page.noConsentShown')}</p> : null}
      </Section>
      <Timeline events={shown.events} />
      <RecordSection referral={shown} onRecorded={recorded} />
    </Page>
  );
}

function ReferralHeader({ referral }: { referral: ReferralDetail }) {
  const { t } = useTranslation();
  const { dateTime } = useFormatters();
  return (
    <section className="section" aria-labelledby="referral-summary-heading">
      <h2 id="referral-summary-heading" className="visually-hidden">
        {t('referrals.page.summary')}
      </h2>
      {referral.safeguarding ? (
        <p className="referral-flag">
          <span className="badge badge--danger">{t('referrals.safeguarding.flag')}</span>
        </p>
      ) : null}
      <dl className="summary-list card">
        <Detail term={t('referrals.columns.person')}>
          {referral.personName !== null ? (
            <Link to={`/referrals/people/${encodeURIComponent(referral.personId)}`}>
              <bdi>{referral.personName}</bdi>
            </Link>
          ) : (
            <PersonName name={null} />
          )}
        </Detail>
        <Detail term={t('referrals.columns.service')}>
          {referral.serviceId ? (
            <Link to={`/directory/services/${encodeURIComponent(referral.serviceId)}`}>
              <bdi>{referral.serviceName}</bdi>
            </Link>
          ) : (
            <bdi>{referral.serviceName}</bdi>
          )}
        </Detail>
        <Detail term={t('referrals.page.from')}>
          <bdi>{referral.sendingOrganisation.name}</bdi>
          <span className="summary-list__note">{t('referrals.page.sentBy', { name: isolate(referral.sentByName) })}</span>
        </Detail>
        <Detail term={t('referrals.page.to')}>
          <bdi>{referral.receivingOrganisation.name}</bdi>
        </Detail>
        <Detail term={t('referrals.columns.status')}>
          <StatusBadge status={referral.status} />
          {referral.statusReason ? (
            <span className="summary-list__note">
              <bdi className="pre-line">{referral.statusReason}</bdi>
            </span>
          ) : null}
        </Detail>
        {referral.outcomeCode ? (
          <Detail term={t('referrals.page.outcome')}>
            {t(`referrals.outcomes.${referral.outcomeCode}`)}
            {referral.outcomeNote ? (
              <span className="summary-list__note">
                <bdi className="pre-line">{referral.outcomeNote}</bdi>
              </span>
            ) : null}
          </Detail>
        ) : null}
        {referral.suggestedService ? (
          <Detail term={t('referrals.page.suggested')}>
            <Link to={`/directory/services/${encodeURIComponent(referral.suggestedService.id)}`}>
              <bdi>{referral.suggestedService.name}</bdi>
            </Link>
          </Detail>
        ) : null}
        <Detail term={t('referrals.columns.urgency')}>
          <UrgencyBadge urgency={referral.urgency} />
        </Detail>
        <Detail term={t('referrals.page.sentOn')}>
          {dateTime(referral.createdAt)}
          <span className="summary-list__note">{ageText(referral.ageDays, t)}</span>
        </Detail>
        <Detail term={t('referrals.form.needs')}>
          {referral.needs.map((need) => t(`programmeSessions.needs.${need}`, { defaultValue: need })).join(t('common.listSeparator'))}
          {referral.needsNote ? (
            <span className="summary-list__note">
              <bdi className="pre-line">{referral.needsNote}</bdi>
            </span>
          ) : null}
        </Detail>
        {referral.previousReferralId ? (
          <Detail term={t('referrals.page.previous')}>
            <Link to={`/referrals/${encodeURIComponent(referral.previousReferralId)}`}>{t('referrals.page.previousLink')}</Link>
          </Detail>
        ) : null}
      </dl>
    </section>
  );
}

function PersonSection({ referral }: { referral: ReferralDetail }) {
  const { t } = useTranslation();
  if (!referral.person) {
    return (
      <Section id="referral-person-heading" heading={t('referrals.page.person')}>
        <p>{t('referrals.page.personWithheld')}</p>
      </Section>
    );
  }
  return (
    <>
      <Section id="referral-person-heading" heading={t('referrals.page.safeContact')}>
        <PersonDetails person={referral.person} />
      </Section>
      <Section id="referral-story-heading" heading={t('referrals.page.story')}>
        <StoryList story={referral.story ?? []} labelledBy="referral-story-heading" />
      </Section>
    </>
  );
}

/** Both sides' record of what happened, oldest first. */
function Timeline({ events }: { events: readonly ReferralEvent[] }) {
  const { t } = useTranslation();
  const { dateTime } = useFormatters();
  return (
    <Section id="referral-timeline-heading" heading={t('referrals.page.timeline')}>
      <ol className="referral-timeline" aria-labelledby="referral-timeline-heading">
        {events.map((event) => (
          <li key={event.id}>
            <p className="referral-timeline__what">
              {event.kind === 'status_changed' && event.toStatus
                ? t('referrals.events.status_changed', { status: t(`referrals.status.${event.toStatus}`) })
                : event.kind === 'contact_recorded'
                  ? t('referrals.events.contact_recorded', { method: t(`referrals.contactMethods.${event.reason ?? 'phone'}`, { defaultValue: event.reason ?? '' }) })
                  : t(`referrals.events.${event.kind}`)}
            </p>
            <p className="referral-timeline__when">
              {event.organisation
                ? t('referrals.events.byAt', { name: isolate(event.actorName), organisation: isolate(event.organisation.name), date: dateTime(event.at) })
                : t('referrals.events.at', { name: isolate(event.actorName), date: dateTime(event.at) })}
            </p>
            {event.reason && event.kind !== 'contact_recorded' ? (
              <p className="pre-line" dir="auto">
                {t('referrals.events.reason', { reason: event.reason })}
              </p>
            ) : null}
            {event.outcomeCode ? <p>{t('referrals.events.outcome', { outcome: t(`referrals.outcomes.${event.outcomeCode}`) })}</p> : null}
            {event.note ? (
              <p className="pre-line" dir="auto">
                {event.note}
              </p>
            ) : null}
          </li>
        ))}
      </ol>
    </Section>
  );
}

/** After a decline, the sender refers the same person on: the story carries over, consent must name the new receiver. */
function ReReferSection({ referral }: { referral: ReferralDetail }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const navigate = useNavigate();
  const partners = usePartnerOrganisations();
  const [service, setService] = useState<FoundService | null>(null);
  const [addition, setAddition] = useState('');
  const [draft, setDraft] = useState<ConsentDraft>(() => emptyConsent(referral.consent?.givenBy ?? referral.personName ?? '', []));
  const [safeguardingOpen, setSafeguardingOpen] = useState(false);
  const [basis, setBasis] = useState('');
  const [errors, setErrors] = useState<{ message: string | null; fields: Record<string, string> }>({ message: null, fields: {} });
  const { busy, sendForm } = useFormSending(setErrors);
  const receiverId = service?.organisation.organisationId ?? null;
  const organisations = receiverId ? [{ id: receiverId, name: service!.organisation.name }, ...partners.partnersOf(receiverId).filter((o) => o.id !== receiverId)] : [];
  const senderName = partners.own?.name ?? user?.tenantName ?? '';
  const consent = withWording(draft, t, senderName, organisations);
  const consentComplete = Object.keys(consentProblems(consent, t)).length === 0;
  const ready = !!service && (consentComplete || safeguardingBasisReady(safeguardingOpen, basis));

  function choose(found: FoundService) {
    setService(found);
    const organisationId = found.organisation.organisationId;
    setDraft((current) => ({ ...current, organisationIds: organisationId ? [organisationId] : [] }));
    focusSoon('referral-rerefer-consent');
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!service) return;
    const story = addition.trim();
    await sendForm(
      {},
      async () => {
        const next = await referralsApi.reRefer(referral.id, {
          serviceId: service.id,
          ...(story && { storyAddition: story }),
          ...(consentComplete ? { consent: consentInput(consent) } : { safeguardingBasis: basis.trim() }),
        });
        void navigate(`/referrals/${encodeURIComponent(next.id)}`, { state: { sent: true } });
      },
      consentFieldErrors,
    );
  }

  return (
    <Section id="referral-rerefer-heading" heading={t('referrals.reRefer.heading')} intro={t('referrals.reRefer.intro')}>
      {service ? (
        <div className="card referral-chosen">
          <p>
            <strong>
              <bdi>{service.name}</bdi>
            </strong>
            <br />
            <bdi>{service.organisation.name}</bdi>
          </p>
          <button type="button" className="button button--small button--secondary" onClick={() => setService(null)}>
            {t('referrals.form.otherService')}
          </button>
        </div>
      ) : (
        <ServicePicker idPrefix="referral-rerefer" label={t('referrals.reRefer.find')} chooseLabel={t('referrals.form.chooseService')} onChoose={choose} />
      )}
      {service ? (
        <>
          <ErrorSummary errors={errors} fieldIds={{ storyAddition: 'referral-rerefer-story', wording: 'referral-rerefer-consent-wording', organisationIds: 'referral-rerefer-consent-organisationIds' }} fieldLabels={{}} />
          <form className="form" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="referral-rerefer-heading">
            <TextAreaField id="referral-rerefer-story" label={t('referrals.form.whatsNew')} optional dir="auto" maxLength={20000} value={addition} onValueChange={setAddition} error={errors.fields.storyAddition} />
            <h3 id="referral-rerefer-consent" tabIndex={-1}>
              {t('referrals.form.consentStep')}
            </h3>
            <div className="card">
              <ConsentFields idPrefix="referral-rerefer-consent" draft={consent} organisations={organisations} senderName={senderName} errors={errors.fields} onChange={setDraft} />
            </div>
            <SafeguardingFields idPrefix="referral-rerefer" open={safeguardingOpen} basis={basis} error={errors.fields.safeguardingBasis} onOpen={setSafeguardingOpen} onBasis={setBasis} />
            <p className="field__hint" id="referral-rerefer-hint">
              {ready ? t('referrals.form.readyToSend', { service: isolate(service.name) }) : t('referrals.form.needConsent')}
            </p>
            <SendWhenReady ready={ready} busy={busy} hintId="referral-rerefer-hint">
              {t('referrals.reRefer.send')}
            </SendWhenReady>
          </form>
        </>
      ) : null}
    </Section>
  );
}
