import { useState, type FormEvent, type ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../platform/api';
import { useAuth } from '../platform/auth';
import type { FormErrors } from '../platform/errors';
import { useFormatters } from '../platform/format';
import { CheckboxField, RadioGroup, SubmitButton, TextAreaField, TextField } from '../platform/forms';
import { isolate } from '../platform/i18n';
import { LoadError, Loading } from '../platform/notices';
import { Detail } from '../platform/page';
import { useResource } from '../platform/resource';
import { directoryApi, type FoundService } from '../directory/api';
import { useLanguageNames } from '../directory/parts';
import { organisationsApi, partnershipsApi } from '../organisation/api';
import { consentMethods, type Consent, type ConsentInput, type OrganisationRef, type Person, type ReferralStatus, type StoryEntry, type Urgency } from './api';
import './referrals.css';

const statusBadge: Record<ReferralStatus, string> = {
  requested: 'badge badge--pending',
  accepted: 'badge badge--info',
  in_progress: 'badge badge--info',
  on_hold: 'badge badge--muted',
  completed: 'badge badge--ok',
  rejected: 'badge badge--danger',
  failed: 'badge badge--danger',
  cancelled: 'badge badge--muted',
};

export function StatusBadge({ status }: { status: ReferralStatus }) {
  const { t } = useTranslation();
  return <span className={statusBadge[status]}>{t(`referrals.status.${status}`)}</span>;
}

export function UrgencyBadge({ urgency }: { urgency: Urgency }) {
  const { t } = useTranslation();
  return <span className={urgency === 'urgent' ? 'badge badge--danger' : urgency === 'soon' ? 'badge badge--pending' : 'badge badge--muted'}>{t(`referrals.urgency.${urgency}`)}</span>;
}

/** "Today", "1 day", "3 days": how long ago the referral was sent. */
export function ageText(days: number, t: TFunction): string {
  return days === 0 ? t('referrals.age.today') : t('referrals.age.days', { count: days });
}

/** The person's name, or plainly that it is withheld from this reader. */
export function PersonName({ name }: { name: string | null }) {
  const { t } = useTranslation();
  return name === null ? <em>{t('referrals.withheld')}</em> : <bdi>{name}</bdi>;
}

export function Section({ id, heading, intro, children }: { id: string; heading: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <section className="section" aria-labelledby={id}>
      <h2 id={id} tabIndex={-1}>
        {heading}
      </h2>
      {intro ? <p className="section-intro">{intro}</p> : null}
      {children}
    </section>
  );
}

/**
 * The organisation the signed-in caseworker acts for (her own, or the library service's for library
 * staff), and the others in the partnerships it belongs to: whom a person may agree to share with.
 */
export function usePartnerOrganisations() {
  const { user } = useAuth();
  const [state, reload] = useResource(async (signal) => {
    const [organisations, partnerships] = await Promise.all([organisationsApi.list(signal), partnershipsApi.list(signal)]);
    const own = organisations.items.find((o) => o.id === user?.organisationId) ?? organisations.items.find((o) => o.kind === 'library_service') ?? null;
    return { own, partnerships: partnerships.items };
  }, [user?.organisationId ?? '']);
  /** The organisations in the partnerships that `organisationId` belongs to, other than the caller's own. */
  const partnersOf = (organisationId: string | null): OrganisationRef[] => {
    if (state.status !== 'ready' || !organisationId) return [];
    const seen = new Map<string, OrganisationRef>();
    for (const partnership of state.data.partnerships) {
      if (!partnership.members.some((m) => m.organisationId === organisationId)) continue;
      for (const member of partnership.members) {
        if (member.organisationId !== state.data.own?.id) seen.set(member.organisationId, { id: member.organisationId, name: member.name });
      }
    }
    return [...seen.values()];
  };
  return { state, reload, own: state.status === 'ready' ? state.data.own : null, partnersOf };
}

/* Choosing a service from the directory. */

interface ServicePickerProps {
  idPrefix: string;
  /** Names the search for assistive technology. */
  label: string;
  chooseLabel: string;
  onChoose(service: FoundService): void;
}

/** A search of the directory for services taking referrals, each with a button to choose it. */
export function ServicePicker({ idPrefix, label, chooseLabel, onChoose }: ServicePickerProps) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [searched, setSearched] = useState<string | null>(null);
  const [found] = useResource(
    (signal) =>
      searched === null
        ? Promise.resolve(null)
        : directoryApi.search({ q: searched, termId: '', language: '', postcode: '', radiusKm: '', age: '', openNow: false, acceptingReferrals: true, page: 1 }, signal),
    [searched],
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    setSearched(q.trim());
  }

  return (
    <div className="referral-picker">
      <form className="form card" role="search" noValidate onSubmit={submit} aria-label={label}>
        <TextField id={`${idPrefix}-q`} type="search" label={t('referrals.picker.q')} hint={t('referrals.picker.qHint')} autoComplete="off" maxLength={200} value={q} onValueChange={setQ} />
        <SubmitButton busy={found.status === 'loading' && searched !== null}>{t('referrals.picker.search')}</SubmitButton>
      </form>
      {found.status === 'loading' && searched !== null ? <Loading /> : null}
      {found.status === 'error' ? <LoadError error={found.error} /> : null}
      {found.status === 'ready' && found.data ? (
        found.data.items.length === 0 ? (
          <p role="status">{t('referrals.picker.none')}</p>
        ) : (
          <ul className="plain-list referral-choices" aria-label={t('referrals.picker.results', { count: found.data.items.length })}>
            {found.data.items.map((service) => (
              <li key={service.id} className="card referral-choice">
                <p>
                  <strong>
                    <bdi>{service.name}</bdi>
                  </strong>
                  <br />
                  <bdi className="muted">{service.organisation.name}</bdi>
                </p>
                <button type="button" className="button button--small button--secondary" onClick={() => onChoose(service)}>
                  {chooseLabel}
                  <span className="visually-hidden"> {service.name}</span>
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </div>
  );
}

/* Consent: who gave it, how, when, the words they heard, and whom it names. */

export interface ConsentDraft {
  givenBy: string;
  givenByRelationship: string;
  method: string;
  givenAt: string;
  wording: string;
  organisationIds: string[];
  validUntil: string;
  /** Whether the wording was changed by hand, so that it no longer follows the organisations ticked. */
  wordingEdited: boolean;
}

/** Now, as a `datetime-local` value in the reader's time zone. */
export function localNow(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

export function emptyConsent(givenBy: string, organisationIds: string[]): ConsentDraft {
  return { givenBy, givenByRelationship: '', method: '', givenAt: localNow(), wording: '', organisationIds, validUntil: '', wordingEdited: false };
}

/** The standard words the person hears or reads, naming the organisation that asks and each that will receive. */
export function standardWording(t: TFunction, sender: string, receivers: readonly string[]): string {
  return t('referrals.consent.standardWording', { sender, receivers: receivers.join(t('common.listSeparator')) });
}

/** What is missing from a consent, by field; empty once it is complete. */
export function consentProblems(draft: ConsentDraft, t: TFunction): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!draft.givenBy.trim()) problems.givenBy = t('referrals.consent.givenByRequired');
  if (!draft.method) problems.method = t('referrals.consent.methodRequired');
  if (!draft.givenAt || Number.isNaN(new Date(draft.givenAt).getTime())) problems.givenAt = t('referrals.consent.givenAtRequired');
  else if (new Date(draft.givenAt).getTime() > Date.now() + 60_000) problems.givenAt = t('referrals.consent.givenAtFuture');
  if (draft.wording.trim().length < 10) problems.wording = t('referrals.consent.wordingRequired');
  if (draft.organisationIds.length === 0) problems.organisationIds = t('referrals.consent.organisationsRequired');
  if (draft.validUntil && draft.validUntil < localNow().slice(0, 10)) problems.validUntil = t('referrals.consent.validUntilPast');
  return problems;
}

export function consentInput(draft: ConsentDraft): ConsentInput {
  return {
    givenBy: draft.givenBy.trim(),
    ...(draft.givenByRelationship.trim() && { givenByRelationship: draft.givenByRelationship.trim() }),
    method: draft.method as ConsentInput['method'],
    givenAt: new Date(draft.givenAt).toISOString(),
    wording: draft.wording.trim(),
    organisationIds: draft.organisationIds,
    ...(draft.validUntil && { validUntil: draft.validUntil }),
  };
}

interface ConsentFieldsProps {
  idPrefix: string;
  draft: ConsentDraft;
  /** The organisations the person may name; the wording follows those ticked until it is edited. */
  organisations: readonly OrganisationRef[];
  senderName: string;
  errors: Record<string, string | undefined>;
  onChange(draft: ConsentDraft): void;
}

/** The draft with the standard wording for the organisations ticked, unless the wording was edited by hand. */
export function withWording(draft: ConsentDraft, t: TFunction, senderName: string, organisations: readonly OrganisationRef[]): ConsentDraft {
  if (draft.wordingEdited) return draft;
  const receivers = organisations.filter((o) => draft.organisationIds.includes(o.id)).map((o) => o.name);
  return { ...draft, wording: receivers.length > 0 ? standardWording(t, senderName, receivers) : '' };
}

/** The consent step's fields. The wording shown is what the person hears or reads, so it names each receiver. */
export function ConsentFields({ idPrefix, draft: given, organisations, senderName, errors, onChange }: ConsentFieldsProps) {
  const { t } = useTranslation();
  const draft = withWording(given, t, senderName, organisations);
  const set = (changes: Partial<ConsentDraft>) => onChange({ ...draft, ...changes });
  const toggle = (organisationId: string, on: boolean) =>
    set({ organisationIds: on ? [...draft.organisationIds, organisationId] : draft.organisationIds.filter((id) => id !== organisationId) });
  const orgError = errors.organisationIds;
  return (
    <>
      <div className="form-grid">
        <TextField id={`${idPrefix}-givenBy`} label={t('referrals.consent.givenBy')} hint={t('referrals.consent.givenByHint')} dir="auto" autoComplete="off" maxLength={200} value={draft.givenBy} error={errors.givenBy} onValueChange={(givenBy) => set({ givenBy })} />
        <TextField
          id={`${idPrefix}-givenByRelationship`}
          label={t('referrals.consent.relationship')}
          hint={t('referrals.consent.relationshipHint')}
          optional
          dir="auto"
          autoComplete="off"
          maxLength={200}
          value={draft.givenByRelationship}
          error={errors.givenByRelationship}
          onValueChange={(givenByRelationship) => set({ givenByRelationship })}
        />
      </div>
      <div className={errors.method ? 'field field--error' : 'field'} id={`${idPrefix}-method`} tabIndex={-1}>
        {errors.method ? <p className="field__error">{errors.method}</p> : null}
        <RadioGroup name={`${idPrefix}-method`} legend={t('referrals.consent.method')} value={draft.method} options={consentMethods.map((value) => ({ value, label: t(`referrals.consent.methods.${value}`) }))} onValueChange={(method) => set({ method })} />
      </div>
      <div className="form-grid">
        <TextField id={`${idPrefix}-givenAt`} type="datetime-local" label={t('referrals.consent.givenAt')} value={draft.givenAt} error={errors.givenAt} onValueChange={(givenAt) => set({ givenAt })} />
        <TextField id={`${idPrefix}-validUntil`} type="date" label={t('referrals.consent.validUntil')} hint={t('referrals.consent.validUntilHint')} optional value={draft.validUntil} error={errors.validUntil} onValueChange={(validUntil) => set({ validUntil })} />
      </div>
      <fieldset className={orgError ? 'radios field--error' : 'radios'} id={`${idPrefix}-organisationIds`} tabIndex={-1}>
        <legend>{t('referrals.consent.organisations')}</legend>
        {orgError ? <p className="field__error">{orgError}</p> : null}
        {organisations.length === 0 ? <p>{t('referrals.consent.noOrganisations')}</p> : null}
        {organisations.map((organisation) => (
          <CheckboxField key={organisation.id} id={`${idPrefix}-org-${organisation.id}`} label={<bdi>{organisation.name}</bdi>} checked={draft.organisationIds.includes(organisation.id)} onCheckedChange={(on) => toggle(organisation.id, on)} />
        ))}
      </fieldset>
      <TextAreaField
        id={`${idPrefix}-wording`}
        label={t('referrals.consent.wording')}
        hint={t('referrals.consent.wordingHint')}
        rows={5}
        dir="auto"
        maxLength={5000}
        value={draft.wording}
        error={errors.wording}
        onValueChange={(text) => set({ wording: text, wordingEdited: true })}
      />
    </>
  );
}

/** Where a consent's server field errors go: `consent/wording` → `wording`. */
export function consentFieldErrors(error: unknown, errors: FormErrors): FormErrors {
  if (!(error instanceof ApiError)) return errors;
  const fields = { ...errors.fields };
  for (const item of error.fieldErrors) {
    const parts = item.field.split(/[./[\]]+/).filter(Boolean);
    if (parts[0] === 'body') parts.shift();
    if ((parts[0] === 'consent' || parts[0] === 'person') && parts[1]) fields[parts[1]] = item.message;
  }
  return { ...errors, fields };
}

/** A warning and the basis for sharing without consent; sharing this way is flagged and audited. */
export function SafeguardingFields({ idPrefix, open, basis, error, onOpen, onBasis }: { idPrefix: string; open: boolean; basis: string; error: string | undefined; onOpen(open: boolean): void; onBasis(basis: string): void }) {
  const { t } = useTranslation();
  return (
    <details className="referral-safeguarding" open={open} onToggle={(e) => onOpen(e.currentTarget.open)}>
      <summary>{t('referrals.safeguarding.open')}</summary>
      <div className="notice notice--error">
        <p>{t('referrals.safeguarding.warning')}</p>
      </div>
      <TextAreaField id={`${idPrefix}-safeguardingBasis`} label={t('referrals.safeguarding.basis')} hint={t('referrals.safeguarding.basisHint')} rows={4} dir="auto" maxLength={2000} value={basis} error={error} onValueChange={onBasis} />
    </details>
  );
}

export const safeguardingBasisReady = (open: boolean, basis: string) => open && basis.trim().length >= 10;

/** A send button that stays disabled, pointing at the hint that says why, until consent or a safeguarding basis is given. */
export function SendWhenReady({ ready, busy, hintId, children }: { ready: boolean; busy: boolean; hintId: string; children: ReactNode }) {
  if (ready) return <SubmitButton busy={busy}>{children}</SubmitButton>;
  return (
    <button type="submit" className="button" disabled aria-describedby={hintId}>
      {children}
    </button>
  );
}

/* Reading a person's details, story and consents. */

export function PersonDetails({ person }: { person: Person }) {
  const { t } = useTranslation();
  const languages = useLanguageNames();
  return (
    <dl className="summary-list card">
      <Detail term={t('referrals.person.name')}>
        <bdi>{person.name}</bdi>
      </Detail>
      <Detail term={t('referrals.person.contactMethod')}>{t(`referrals.contactMethods.${person.contactMethod}`)}</Detail>
      <Detail term={t('referrals.person.contactDetail')}>{person.contactDetail ? <bdi>{person.contactDetail}</bdi> : '—'}</Detail>
      <Detail term={t('referrals.person.safeTimes')}>{person.safeTimes ? <bdi>{person.safeTimes}</bdi> : '—'}</Detail>
      <Detail term={t('referrals.person.safeToLeaveMessage')}>{person.safeToLeaveMessage ? t('referrals.yes') : t('referrals.noMessage')}</Detail>
      <Detail term={t('referrals.person.preferredLanguage')}>{person.preferredLanguage ? languages.name(person.preferredLanguage) : '—'}</Detail>
      <Detail term={t('referrals.person.interpreterNeeded')}>{person.interpreterNeeded ? t('referrals.yes') : t('referrals.no')}</Detail>
    </dl>
  );
}

export function StoryList({ story, labelledBy }: { story: readonly StoryEntry[]; labelledBy: string }) {
  const { t } = useTranslation();
  const { dateTime } = useFormatters();
  if (story.length === 0) return <p>{t('referrals.story.empty')}</p>;
  return (
    <ol className="plain-list referral-story" aria-labelledby={labelledBy}>
      {story.map((entry) => (
        <li key={entry.id} className="card">
          <p className="pre-line" dir="auto">
            {entry.body}
          </p>
          <p className="muted">{t('referrals.story.byline', { name: isolate(entry.writtenByName), organisation: isolate(entry.organisation.name), date: dateTime(entry.writtenAt) })}</p>
        </li>
      ))}
    </ol>
  );
}

export function ConsentSummary({ consent, children }: { consent: Consent; children?: ReactNode }) {
  const { t } = useTranslation();
  const { date, dateTime } = useFormatters();
  return (
    <div className="card">
      {consent.withdrawnAt ? (
        <p>
          <span className="badge badge--danger">{t('referrals.consent.withdrawnBadge')}</span>{' '}
          {t('referrals.consent.withdrawnOn', { date: dateTime(consent.withdrawnAt), name: isolate(consent.withdrawnByName ?? '') })}
        </p>
      ) : null}
      <dl className="summary-list">
        <Detail term={t('referrals.consent.givenBy')}>
          <bdi>{consent.givenBy}</bdi>
          {consent.givenByRelationship ? (
            <>
              {' ('}
              <bdi>{consent.givenByRelationship}</bdi>
              {')'}
            </>
          ) : null}
        </Detail>
        <Detail term={t('referrals.consent.method')}>{t(`referrals.consent.methods.${consent.method}`)}</Detail>
        <Detail term={t('referrals.consent.givenAt')}>{dateTime(consent.givenAt)}</Detail>
        <Detail term={t('referrals.consent.organisations')}>
          <bdi>{consent.organisations.map((o) => o.name).join(t('common.listSeparator'))}</bdi>
        </Detail>
        <Detail term={t('referrals.consent.validUntil')}>{consent.validUntil ? date(consent.validUntil) : t('referrals.consent.untilWithdrawn')}</Detail>
        <Detail term={t('referrals.consent.recordedBy')}>
          <bdi>{consent.recordedByName}</bdi>
        </Detail>
      </dl>
      <blockquote className="referral-wording pre-line" dir="auto">
        {consent.wording}
      </blockquote>
      {children}
    </div>
  );
}
