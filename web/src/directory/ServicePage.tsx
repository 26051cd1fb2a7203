import type { ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { Link, useLocation, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth, type User } from '../platform/auth';
import { StatusMessage } from '../platform/forms';
import { Loading } from '../platform/notices';
import { Detail, LoadFailedPage, Page } from '../platform/page';
import { useResource } from '../platform/resource';
import { OpeningHoursSummary } from '../organisation/openingHours';
import { canRefer } from '../referrals/api';
import { canEditService, directoryApi, type DirectoryService } from './api';
import { addressLines, mapLink, openingHoursOf, referralFiguresText, ServiceBadges, useLanguageNames } from './parts';

/** What a screen that saved a service tells the service page to announce. */
export interface ServiceLocationState {
  saved?: 'created' | 'updated';
}

export function ServicePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [service, reload] = useResource((signal) => directoryApi.service(id, signal), [id]);
  if (service.status === 'loading') return <Loading />;
  if (service.status === 'error') {
    return <LoadFailedPage title={t('directory.service.loadFailed')} error={service.error} onRetry={reload} back={{ to: '/directory', label: t('directory.backToSearch') }} />;
  }
  return <ServiceDetails service={service.data} />;
}

function ServiceDetails({ service }: { service: DirectoryService }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const state = useLocation().state as ServiceLocationState | null;
  const languages = useLanguageNames();
  const ages = ageRange(service, t);

  return (
    <Page title={service.name}>
      <StatusMessage message={state?.saved ? t(`directory.service.${state.saved}`) : null} />
      <p>
        <Link to="/directory">{t('directory.backToSearch')}</Link>
      </p>
      <p className="page-intro">
        <bdi>{service.organisation.name}</bdi>
        {service.alternateName ? (
          <>
            {' · '}
            <bdi>{service.alternateName}</bdi>
          </>
        ) : null}
      </p>
      <ServiceBadges service={service} />
      {user && canRefer(user.role) && service.acceptingReferrals && !isOwnService(user, service) ? (
        <p>
          <Link className="button" to={`/referrals/new?serviceId=${encodeURIComponent(service.id)}`}>
            {t('directory.service.refer')}
          </Link>
        </p>
      ) : null}
      {user && canEditService(user, service) ? (
        <p>
          <Link className="button button--secondary" to={`/directory/services/${encodeURIComponent(service.id)}/edit`}>
            {t('directory.service.edit')}
          </Link>
        </p>
      ) : null}

      <Section id="service-about" heading={t('directory.service.about')}>
        <p className="pre-line" dir="auto">
          {service.description || t('directory.service.noDescription')}
        </p>
        <dl className="summary-list">
          <Detail term={t('directory.fields.eligibilityDescription')}>{textOrNone(service.eligibilityDescription, t)}</Detail>
          <Detail term={t('directory.service.ages')}>{ages}</Detail>
          <Detail term={t('directory.fields.feesDescription')}>{textOrNone(service.feesDescription, t)}</Detail>
          <Detail term={t('directory.fields.applicationProcess')}>{textOrNone(service.applicationProcess, t)}</Detail>
          <Detail term={t('directory.fields.interpretationServices')}>{textOrNone(service.interpretationServices, t)}</Detail>
          <Detail term={t('directory.service.response')}>
            {service.typicalResponseDays !== null ? t('directory.responseDays', { count: service.typicalResponseDays }) : t('directory.responseUnknown')}
          </Detail>
          <Detail term={t('directory.service.referralFigures')}>{referralFiguresText(service.referralFigures, t)}</Detail>
          <Detail term={t('directory.fields.languages')}>{service.languages.length > 0 ? languages.list(service.languages) : t('directory.service.none')}</Detail>
          <Detail term={t('directory.fields.needs')}>{service.terms.length > 0 ? <bdi>{service.terms.map((term) => term.name).join(', ')}</bdi> : t('directory.service.none')}</Detail>
          {service.url ? (
            <Detail term={t('directory.fields.url')} dir="ltr">
              <a href={service.url} rel="noreferrer" className="break-anywhere">
                {service.url}
              </a>
            </Detail>
          ) : null}
          {service.email ? (
            <Detail term={t('directory.fields.email')} dir="ltr">
              <a href={`mailto:${service.email}`}>{service.email}</a>
            </Detail>
          ) : null}
          {service.source ? (
            <Detail term={t('directory.service.source')}>
              <bdi>{service.source.name}</bdi>
            </Detail>
          ) : null}
        </dl>
      </Section>

      <Section id="service-locations" heading={t('directory.service.locations')}>
        {service.locations.length === 0 ? <p>{t('directory.service.noLocations')}</p> : null}
        <ul className="plain-list card-list">
          {service.locations.map((location) => (
            <li key={location.id} className="card">
              {location.name ? (
                <p>
                  <strong>
                    <bdi>{location.name}</bdi>
                  </strong>
                </p>
              ) : null}
              <address className="pre-line" dir="auto">
                {addressLines(location).join('\n')}
              </address>
              <p>
                <a href={mapLink(location)} rel="noreferrer">
                  {t('directory.service.onMap', { place: location.name ?? addressLines(location)[0] ?? '' })}
                </a>
              </p>
            </li>
          ))}
        </ul>
      </Section>

      <Section id="service-hours" heading={t('directory.service.hours')}>
        {service.schedules.length === 0 ? <p>{t('directory.service.noHours')}</p> : <OpeningHoursSummary rows={openingHoursOf(service.schedules)} />}
      </Section>

      <Section id="service-contact" heading={t('directory.service.contact')}>
        {service.phones.length === 0 && service.contacts.length === 0 ? <p>{t('directory.service.noContact')}</p> : null}
        <ul className="plain-list">
          {service.phones.map((phone) => (
            <li key={phone.id}>
              <a href={`tel:${phone.number.replace(/[^0-9+]/g, '')}`} dir="ltr">
                {phone.number}
              </a>
              {phone.type ? ` (${t(`directory.phoneTypes.${phone.type}`)})` : null}
              {phone.description ? (
                <>
                  {' – '}
                  <bdi>{phone.description}</bdi>
                </>
              ) : null}
            </li>
          ))}
          {service.contacts.map((contact) => (
            <li key={contact.id}>
              <bdi>{[contact.name, contact.title].filter(Boolean).join(', ')}</bdi>
              {contact.email ? (
                <>
                  {' '}
                  <a href={`mailto:${contact.email}`} dir="ltr">
                    {contact.email}
                  </a>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      </Section>
    </Page>
  );
}

/** A caseworker refers people to other organisations, never to her own. */
const isOwnService = (user: User, service: DirectoryService) => user.organisationId !== null && service.organisation.organisationId === user.organisationId;

function Section({ id, heading, children }: { id: string; heading: string; children: ReactNode }) {
  return (
    <section className="section" aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      {children}
    </section>
  );
}

function textOrNone(text: string | null, t: TFunction): ReactNode {
  return text ? (
    <span className="pre-line" dir="auto">
      {text}
    </span>
  ) : (
    t('directory.service.notStated')
  );
}

function ageRange(service: DirectoryService, t: TFunction): string {
  const { minimumAge: min, maximumAge: max } = service;
  if (min !== null && max !== null) return t('directory.service.agesBetween', { min, max });
  if (min !== null) return t('directory.service.agesFrom', { min });
  if (max !== null) return t('directory.service.agesUpTo', { max });
  return t('directory.service.allAges');
}
