import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../platform/api';
import { useAuth } from '../platform/auth';
import type { FormErrors } from '../platform/errors';
import { CheckboxField, ErrorSummary, RadioGroup, SelectField, SubmitButton, TextAreaField, TextField, useFormSending, useFormState } from '../platform/forms';
import { isolate } from '../platform/i18n';
import { LoadError, Loading } from '../platform/notices';
import { focusSoon, LoadFailedPage, Page } from '../platform/page';
import { useResource } from '../platform/resource';
import { directoryApi, type DirectoryService } from '../directory/api';
import { useLanguageNames } from '../directory/parts';
import { membersApi, type Member } from '../members/api';
import { participantsApi, type Participant } from '../programmes/participants/api';
import { contactMethods, referralNeeds, referralsApi, urgencies, type ContactMethod, type FoundPerson, type NewReferral, type OrganisationRef, type Urgency } from './api';
import {
  ConsentFields,
  consentFieldErrors,
  consentInput,
  consentProblems,
  emptyConsent,
  SafeguardingFields,
  safeguardingBasisReady,
  SendWhenReady,
  ServicePicker,
  usePartnerOrganisations,
  withWording,
  type ConsentDraft,
} from './parts';

/** What the form starts from when it is opened for a programme participant or a library member: never carried in the URL. */
interface PersonPrefill {
  name: string;
  contactMethod: ContactMethod | '';
  contactDetail: string;
  preferredLanguage: string;
}

const blankPerson: PersonPrefill = { name: '', contactMethod: '', contactDetail: '', preferredLanguage: '' };

function fromParticipant(participant: Participant): PersonPrefill {
  const contact = participant.contact ?? '';
  return { name: participant.preferredName, contactMethod: contact ? (contact.includes('@') ? 'email' : 'phone') : '', contactDetail: contact, preferredLanguage: participant.languages[0] ?? '' };
}

function fromMember(member: Member): PersonPrefill {
  const byEmail = member.preferredChannel === 'email' || (!member.phone && !!member.email);
  const method: ContactMethod | '' = member.preferredChannel === 'post' ? 'letter' : byEmail ? 'email' : member.phone ? 'phone' : '';
  return { name: member.name, contactMethod: method, contactDetail: (byEmail ? member.email : member.phone) ?? '', preferredLanguage: member.language };
}

/** The service a referral goes to, as the form needs it. */
interface ChosenService {
  id: string;
  name: string;
  organisationName: string;
  /** The partner organisation that runs it; null for a service imported from another directory. */
  organisationId: string | null;
}

const chosen = (service: DirectoryService): ChosenService => ({ id: service.id, name: service.name, organisationName: service.organisation.name, organisationId: service.organisation.organisationId });

export function ReferralFormPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const participantId = params.get('participantId') ?? '';
  const memberId = params.get('memberId') ?? '';
  const [prefill, reload] = useResource(async (signal): Promise<PersonPrefill> => {
    if (participantId) return fromParticipant(await participantsApi.get(participantId, signal));
    if (memberId) return fromMember(await membersApi.get(memberId, signal));
    return blankPerson;
  }, [participantId, memberId]);

  if (prefill.status === 'loading') return <Loading />;
  if (prefill.status === 'error') {
    return <LoadFailedPage title={t('referrals.form.title')} error={prefill.error} onRetry={reload} back={{ to: '/referrals', label: t('referrals.backToBoxes') }} />;
  }
  return <ReferralForm key={`${participantId}|${memberId}`} prefill={prefill.data} serviceId={params.get('serviceId') ?? ''} personId={params.get('personId') ?? ''} />;
}

type FormField = 'name' | 'contactMethod' | 'contactDetail' | 'safeTimes' | 'preferredLanguage' | 'story' | 'needsNote' | 'urgency';

function ReferralForm({ prefill, serviceId, personId }: { prefill: PersonPrefill; serviceId: string; personId: string }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const navigate = useNavigate();
  const languages = useLanguageNames();
  const partners = usePartnerOrganisations();
  const [service, setService] = useState<ChosenService | null>(null);
  const [picking, setPicking] = useState(false);
  const [givenService, reloadService] = useResource((signal) => (serviceId ? directoryApi.service(serviceId, signal).then(chosen) : Promise.resolve(null)), [serviceId]);
  const [knownPerson, setKnownPerson] = useState<FoundPerson | null>(null);
  const [givenPerson] = useResource((signal) => (personId ? referralsApi.person(personId, signal) : Promise.resolve(null)), [personId]);
  const form = useFormState<FormField>({
    idPrefix: 'referral',
    initial: { ...prefill, safeTimes: '', story: '', needsNote: '', urgency: 'routine' },
    labels: {
      name: t('referrals.person.name'),
      contactMethod: t('referrals.person.contactMethod'),
      contactDetail: t('referrals.person.contactDetail'),
      safeTimes: t('referrals.person.safeTimes'),
      preferredLanguage: t('referrals.person.preferredLanguage'),
      story: t('referrals.form.story'),
      needsNote: t('referrals.form.needsNote'),
      urgency: t('referrals.form.urgency'),
    },
  });
  const [safeToLeaveMessage, setSafeToLeaveMessage] = useState(false);
  const [interpreterNeeded, setInterpreterNeeded] = useState(false);
  const [needs, setNeeds] = useState<string[]>([]);
  const [consentDraft, setConsentDraft] = useState<ConsentDraft>(() => emptyConsent(prefill.name, []));
  const [safeguardingOpen, setSafeguardingOpen] = useState(false);
  const [safeguardingBasis, setSafeguardingBasis] = useState('');
  const { busy, sendForm } = useFormSending(form.setErrors);
  const { values } = form;

  const target = picking ? null : (service ?? (givenService.status === 'ready' ? givenService.data : null));
  const person = knownPerson ?? (givenPerson.status === 'ready' && givenPerson.data ? { id: givenPerson.data.person.id, name: givenPerson.data.person.name, preferredLanguage: givenPerson.data.person.preferredLanguage, referralCount: givenPerson.data.referrals.length } : null);
  const receivers = consentOrganisations(partners.partnersOf(target?.organisationId ?? null), target);
  const senderName = partners.own?.name ?? user?.tenantName ?? '';
  const consent = withWording(consentDraft, t, senderName, receivers);
  const consentComplete = Object.keys(consentProblems(consent, t)).length === 0;
  const canSend = !!target && (consentComplete || safeguardingBasisReady(safeguardingOpen, safeguardingBasis));

  // The service's own organisation is the one the person is asked about first, so it starts ticked.
  const targetOrganisation = target?.organisationId ?? null;
  useEffect(() => {
    setConsentDraft((draft) => ({ ...draft, organisationIds: targetOrganisation ? [targetOrganisation] : [] }));
  }, [targetOrganisation]);

  function chooseService(next: ChosenService) {
    setService(next);
    setPicking(false);
    focusSoon('referral-service-heading');
  }

  function checks(): Record<string, string> {
    const fields: Record<string, string> = {};
    if (!person) {
      if (!values.name.trim()) fields.name = t('forms.required', { field: form.labels.name });
      if (!values.contactMethod) fields.contactMethod = t('referrals.form.contactMethodRequired');
      if (!values.story.trim()) fields.story = t('referrals.form.storyRequired');
    }
    if (needs.length === 0) fields.needs = t('referrals.form.needsRequired');
    if (!consentComplete && !safeguardingBasisReady(safeguardingOpen, safeguardingBasis)) Object.assign(fields, consentProblems(consent, t));
    return fields;
  }

  function body(serviceChosen: ChosenService): NewReferral {
    const story = values.story.trim();
    const needsNote = values.needsNote.trim();
    const common = { serviceId: serviceChosen.id, needs, urgency: values.urgency as Urgency, ...(story && { story }), ...(needsNote && { needsNote }) };
    const who = person
      ? { personId: person.id }
      : {
          person: {
            name: values.name.trim(),
            contactMethod: values.contactMethod as ContactMethod,
            safeToLeaveMessage,
            interpreterNeeded,
            ...(values.contactDetail.trim() && { contactDetail: values.contactDetail.trim() }),
            ...(values.safeTimes.trim() && { safeTimes: values.safeTimes.trim() }),
            ...(values.preferredLanguage && { preferredLanguage: values.preferredLanguage }),
          },
        };
    const basis = consentComplete ? { consent: consentInput(consent) } : { safeguardingBasis: safeguardingBasis.trim() };
    return { ...common, ...who, ...basis };
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!target) return;
    await sendForm(checks(), async () => {
      const sent = await referralsApi.send(body(target));
      void navigate(`/referrals/${encodeURIComponent(sent.id)}`, { state: { sent: true } });
    }, (error, errors) => placeRefusal(error, consentFieldErrors(error, errors), t));
  }

  const ids: Record<string, string> = {
    ...form.ids,
    needs: `referral-needs-${referralNeeds[0]}`,
    givenBy: 'referral-consent-givenBy',
    givenByRelationship: 'referral-consent-givenByRelationship',
    method: 'referral-consent-method',
    givenAt: 'referral-consent-givenAt',
    wording: 'referral-consent-wording',
    organisationIds: 'referral-consent-organisationIds',
    validUntil: 'referral-consent-validUntil',
    safeguardingBasis: 'referral-safeguardingBasis',
  };
  const labels: Record<string, string> = {
    ...form.labels,
    needs: t('referrals.form.needs'),
    givenBy: t('referrals.consent.givenBy'),
    givenByRelationship: t('referrals.consent.relationship'),
    method: t('referrals.consent.method'),
    givenAt: t('referrals.consent.givenAt'),
    wording: t('referrals.consent.wording'),
    organisationIds: t('referrals.consent.organisations'),
    validUntil: t('referrals.consent.validUntil'),
    safeguardingBasis: t('referrals.safeguarding.basis'),
  };
  const errorOf = (name: string) => form.errors.fields[name];

  return (
    <Page title={t('referrals.form.title')} intro={t('referrals.form.intro')}>
      <p>
        <Link to="/referrals">{t('referrals.backToBoxes')}</Link>
      </p>

      <Step number={1} id="referral-service-heading" heading={t('referrals.form.serviceStep')}>
        {serviceId && givenService.status === 'loading' ? <Loading /> : null}
        {givenService.status === 'error' ? <LoadError error={givenService.error} onRetry={reloadService} /> : null}
        {target ? (
          <div className="card referral-chosen">
            <p>
              <strong>
                <bdi>{target.name}</bdi>
              </strong>
              <br />
              <bdi>{target.organisationName}</bdi>
            </p>
            <button type="button" className="button button--secondary button--small" onClick={() => {
                setService(null);
                setPicking(true);
                focusSoon('referral-service-q');
              }}
            >
              {t('referrals.form.otherService')}
            </button>
          </div>
        ) : (
          <ServicePicker idPrefix="referral-service" label={t('referrals.form.findService')} chooseLabel={t('referrals.form.chooseService')} onChoose={(found) => chooseService(chosen(found))} />
        )}
        {target && !target.organisationId ? <p className="notice notice--error">{t('referrals.form.notAPartner')}</p> : null}
      </Step>

      <Step number={2} id="referral-person-heading" heading={t('referrals.form.personStep')}>
        {person ? (
          <div className="card referral-chosen">
            <p>
              {t('referrals.form.knownPerson', { name: isolate(person.name) })}
              <br />
              <span className="muted">{t('referrals.form.tellOnce')}</span>
            </p>
            {knownPerson ? (
              <button type="button" className="button button--secondary button--small" onClick={() => setKnownPerson(null)}>
                {t('referrals.form.notThem')}
              </button>
            ) : null}
          </div>
        ) : (
          <PersonFinder initialName={prefill.name} onChoose={(found) => {
            setKnownPerson(found);
            focusSoon('referral-person-heading');
          }} />
        )}
      </Step>

      <ErrorSummary errors={form.errors} fieldIds={ids} fieldLabels={labels} />
      <form className="form" noValidate onSubmit={(e) => void submit(e)} aria-label={t('referrals.form.formLabel')}>
        {person ? null : (
          <Step number={3} id="referral-contact-heading" heading={t('referrals.form.contactStep')} intro={t('referrals.form.contactIntro')}>
            <div className="card">
              <TextField {...form.field('name')} dir="auto" autoComplete="off" maxLength={200} />
              <div className="form-grid">
                <SelectField {...form.field('contactMethod')} options={[{ value: '', label: t('referrals.form.chooseMethod') }, ...contactMethods.map((m) => ({ value: m, label: t(`referrals.contactMethods.${m}`) }))]} />
                <TextField {...form.field('contactDetail')} optional hint={t('referrals.form.contactDetailHint')} dir="auto" autoComplete="off" maxLength={500} />
              </div>
              <TextField {...form.field('safeTimes')} optional hint={t('referrals.form.safeTimesHint')} dir="auto" autoComplete="off" maxLength={500} />
              <CheckboxField id="referral-safeToLeaveMessage" label={t('referrals.person.safeToLeaveMessage')} checked={safeToLeaveMessage} onCheckedChange={setSafeToLeaveMessage} />
              <div className="form-grid">
                <SelectField
                  {...form.field('preferredLanguage')}
                  optional
                  options={[{ value: '', label: t('referrals.form.noLanguage') }, ...languages.options(prefill.preferredLanguage ? [prefill.preferredLanguage] : [])]}
                />
              </div>
              <CheckboxField id="referral-interpreterNeeded" label={t('referrals.person.interpreterNeeded')} checked={interpreterNeeded} onCheckedChange={setInterpreterNeeded} />
            </div>
          </Step>
        )}

        <Step number={person ? 3 : 4} id="referral-story-heading" heading={person ? t('referrals.form.whatsNewStep') : t('referrals.form.storyStep')}>
          <div className="card">
            <TextAreaField {...form.field('story')} label={person ? t('referrals.form.whatsNew') : form.labels.story} optional={!!person} hint={t('referrals.form.storyHint')} rows={6} dir="auto" maxLength={20000} />
          </div>
        </Step>

        <Step number={person ? 4 : 5} id="referral-needs-heading" heading={t('referrals.form.needsStep')}>
          <div className="card">
            <fieldset className={errorOf('needs') ? 'radios field--error' : 'radios'}>
              <legend>{labels.needs}</legend>
              {errorOf('needs') ? <p className="field__error">{errorOf('needs')}</p> : null}
              {referralNeeds.map((need) => (
                <CheckboxField key={need} id={`referral-needs-${need}`} label={t(`programmeSessions.needs.${need}`)} checked={needs.includes(need)} onCheckedChange={(on) => setNeeds((current) => (on ? [...current, need] : current.filter((n) => n !== need)))} />
              ))}
            </fieldset>
            <TextAreaField {...form.field('needsNote')} optional dir="auto" maxLength={2000} />
            <RadioGroup name="referral-urgency" legend={labels.urgency} value={values.urgency} options={urgencies.map((u) => ({ value: u, label: t(`referrals.urgency.${u}`), hint: t(`referrals.urgencyHints.${u}`) }))} onValueChange={(u) => form.set('urgency', u)} />
          </div>
        </Step>

        <Step number={person ? 5 : 6} id="referral-consent-heading" heading={t('referrals.form.consentStep')} intro={t('referrals.form.consentIntro')}>
          <div className="card">
            <ConsentFields idPrefix="referral-consent" draft={consent} organisations={receivers} senderName={senderName} errors={form.errors.fields} onChange={setConsentDraft} />
          </div>
          <SafeguardingFields idPrefix="referral" open={safeguardingOpen} basis={safeguardingBasis} error={errorOf('safeguardingBasis')} onOpen={setSafeguardingOpen} onBasis={setSafeguardingBasis} />
        </Step>

        <p className="field__hint" id="referral-send-hint">
          {!target ? t('referrals.form.needService') : canSend ? t('referrals.form.readyToSend', { service: isolate(target.name) }) : t('referrals.form.needConsent')}
        </p>
        <SendWhenReady ready={canSend} busy={busy} hintId="referral-send-hint">
          {t('referrals.form.send')}
        </SendWhenReady>
      </form>
    </Page>
  );
}

/** The service's organisation first, then the others of its partnerships, so that the person hears each name. */
function consentOrganisations(partners: readonly OrganisationRef[], target: ChosenService | null): OrganisationRef[] {
  if (!target?.organisationId) return [...partners];
  const own = { id: target.organisationId, name: target.organisationName };
  return [own, ...partners.filter((o) => o.id !== own.id)];
}

function Step({ number, id, heading, intro, children }: { number: number; id: string; heading: string; intro?: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <section className="referral-step" aria-labelledby={id}>
      <h2 id={id} tabIndex={-1}>
        <span className="referral-step__number" aria-hidden="true">
          {number}
        </span>
        <span className="visually-hidden">{t('referrals.form.stepNumber', { number })} </span>
        {heading}
      </h2>
      {intro ? <p className="section-intro">{intro}</p> : null}
      {children}
    </section>
  );
}

/** Looks for the person among those the organisation already referred, so their story is told once. */
function PersonFinder({ initialName, onChoose }: { initialName: string; onChoose(person: FoundPerson): void }) {
  const { t } = useTranslation();
  const languages = useLanguageNames();
  const [q, setQ] = useState(initialName);
  const [searched, setSearched] = useState<string | null>(initialName.trim() || null);
  const [found] = useResource((signal) => (searched ? referralsApi.findPeople(searched, signal) : Promise.resolve(null)), [searched]);

  function submit(event: FormEvent) {
    event.preventDefault();
    setSearched(q.trim() || null);
  }

  return (
    <>
      <p className="section-intro">{t('referrals.form.personIntro')}</p>
      <form className="form card" role="search" noValidate onSubmit={submit} aria-label={t('referrals.form.findPerson')}>
        <TextField id="referral-person-q" type="search" label={t('referrals.form.personQ')} dir="auto" autoComplete="off" maxLength={200} value={q} onValueChange={setQ} />
        <SubmitButton busy={found.status === 'loading' && !!searched}>{t('referrals.form.findPersonButton')}</SubmitButton>
      </form>
      {found.status === 'error' ? <LoadError error={found.error} /> : null}
      {found.status === 'ready' && found.data ? (
        found.data.items.length === 0 ? (
          <p role="status">{t('referrals.form.nobodyFound')}</p>
        ) : (
          <ul className="plain-list referral-choices" aria-label={t('referrals.form.peopleFound', { count: found.data.items.length })}>
            {found.data.items.map((person) => (
              <li key={person.id} className="card referral-choice">
                <p>
                  <strong>
                    <bdi>{person.name}</bdi>
                  </strong>
                  <br />
                  <span className="muted">
                    {[person.preferredLanguage ? languages.name(person.preferredLanguage) : null, t('referrals.form.referralCount', { count: person.referralCount })].filter(Boolean).join(t('common.listSeparator'))}
                  </span>
                </p>
                <button type="button" className="button button--small button--secondary" onClick={() => onChoose(person)}>
                  {t('referrals.form.useThisPerson')}
                  <span className="visually-hidden"> {person.name}</span>
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </>
  );
}

/** Puts what the server refused beside the field it is about, keeping its own message for the summary. */
function placeRefusal(error: unknown, errors: FormErrors, t: TFunction): FormErrors {
  if (!(error instanceof ApiError)) return errors;
  const field: Record<string, string> = {
    consent_required: 'givenBy',
    consent_does_not_name_receiver: 'organisationIds',
    consent_expired: 'validUntil',
    consent_withdrawn: 'givenBy',
    consent_given_in_future: 'givenAt',
    story_required: 'story',
  };
  const name = field[error.code];
  if (!name) return errors;
  return { ...errors, fields: { ...errors.fields, [name]: errors.message ?? t('errors.generic') } };
}
