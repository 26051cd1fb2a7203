import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../platform/format';
import { isolate } from '../../platform/i18n';
import { useLanguageName } from '../../members/parts';
import type { ExpectedParticipant } from './api';

interface ExpectedListProps {
  expected: readonly ExpectedParticipant[];
  onToggle(person: ExpectedParticipant, present: boolean): void;
}

/** Everyone the session may see, each a large tick that saves as soon as it changes. */
export function ExpectedList({ expected, onToggle }: ExpectedListProps) {
  const { t } = useTranslation();
  return (
    <section className="section" aria-labelledby="reg-expected-heading">
      <h2 id="reg-expected-heading">{t('programmeSessions.expected.heading')}</h2>
      <p className="section-intro">{t('programmeSessions.expected.intro')}</p>
      {expected.length === 0 ? (
        <p>{t('programmeSessions.expected.empty')}</p>
      ) : (
        <ul className="register-list" aria-labelledby="reg-expected-heading">
          {expected.map((person) => (
            <ExpectedPerson key={person.participantId} person={person} onToggle={onToggle} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ExpectedPerson({ person, onToggle }: { person: ExpectedParticipant; onToggle: ExpectedListProps['onToggle'] }) {
  const { t } = useTranslation();
  const { date } = useFormatters();
  const languageName = useLanguageName();
  const id = `reg-person-${person.participantId}`;
  const about = [
    person.languages.length > 0 ? person.languages.map(languageName).join(t('common.listSeparator')) : null,
    person.visits > 0 ? t('programmeSessions.expected.visits', { count: person.visits }) : t('programmeSessions.expected.notYetSeen'),
    person.lastAttendedOn ? t('programmeSessions.expected.lastCame', { date: date(person.lastAttendedOn) }) : null,
    person.invitedBy ? t('programmeSessions.expected.invitedBy', { name: isolate(person.invitedBy) }) : null,
  ].filter((part): part is string => part !== null);
  return (
    <li className={person.present ? 'register-person register-person--present' : 'register-person'}>
      <input id={id} type="checkbox" checked={person.present} onChange={(e) => onToggle(person, e.target.checked)} aria-describedby={`${id}-about`} />
      <label htmlFor={id}>
        <bdi className="register-person__name">{person.preferredName}</bdi>
        {person.ambassador ? <span className="badge badge--info">{t('programmeSessions.expected.ambassador')}</span> : null}
      </label>
      <p className="register-person__about" id={`${id}-about`}>
        {about.join(t('programmeSessions.expected.separator'))}
      </p>
    </li>
  );
}
