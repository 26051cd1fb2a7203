import { useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../platform/errors';
import { useFormatters } from '../../platform/format';
import { StatusMessage } from '../../platform/forms';
import { isolate } from '../../platform/i18n';
import { ErrorNotice, LoadError, Loading } from '../../platform/notices';
import { Detail, LoadFailedPage, Page } from '../../platform/page';
import { useResource } from '../../platform/resource';
import { programmesApi, type Session } from '../api';
import { registerApi, type Counts, type ExpectedParticipant, type Register } from './api';
import { ExpectedList } from './ExpectedList';
import { NewcomerForm } from './NewcomerForm';
import { TallyForm } from './TallyForm';
import { SignpostingSection } from './SignpostingSection';
import './register.css';

/** Attendance in seconds: tick who came, add a newcomer by name, count the rest, and note what the session did. */
export function RegisterPage() {
  const { t } = useTranslation();
  const { sessionId = '' } = useParams();
  const [session, reload] = useResource((signal) => registerApi.session(sessionId, signal), [sessionId]);
  if (session.status === 'loading') return <Loading />;
  if (session.status === 'error') {
    return <LoadFailedPage title={t('programmeSessions.register.notFoundTitle')} error={session.error} onRetry={reload} back={{ to: '/programmes', label: t('programmeSessions.backToProgrammes') }} />;
  }
  return <SessionRegister session={session.data} />;
}

function SessionRegister({ session }: { session: Session }) {
  const { t } = useTranslation();
  const { date } = useFormatters();
  const [register, reload, update] = useResource((signal) => registerApi.register(session.id, signal), [session.id]);
  const [programme] = useResource((signal) => programmesApi.get(session.programmeId, signal), [session.programmeId]);
  const [status, setStatus] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // Ticks on their way to the server, so a double click cannot send a second one against the first.
  const pending = useRef(new Set<string>()).current;

  const withCounts = (counts: Counts) => update((current) => ({ ...current, counts }));

  async function toggle(person: ExpectedParticipant, present: boolean) {
    if (pending.has(person.participantId)) return;
    pending.add(person.participantId);
    setProblem(null);
    const mark = (value: boolean) => update((current) => markPresent(current, person.participantId, value));
    mark(present);
    try {
      withCounts(present ? await registerApi.tick(session.id, person.participantId) : await registerApi.untick(session.id, person.participantId));
      const name = isolate(person.preferredName);
      setStatus(t(present ? 'programmeSessions.register.ticked' : 'programmeSessions.register.unticked', { name }));
    } catch (error) {
      mark(!present);
      setProblem(describeError(error, t));
    } finally {
      pending.delete(person.participantId);
    }
  }

  const title = t('programmeSessions.register.title', { programme: isolate(session.programmeName), date: date(session.date) });
  return (
    <Page title={title} intro={t('programmeSessions.register.intro')}>
      <StatusMessage message={status} />
      <ErrorNotice message={problem} />
      <SessionLinks session={session} />
      <SessionHeader session={session} />
      {register.status === 'loading' ? <Loading /> : null}
      {register.status === 'error' ? <LoadError error={register.error} onRetry={reload} /> : null}
      {register.status === 'ready' ? (
        <>
          <CountsPanel counts={register.data.counts} />
          <ExpectedList expected={register.data.expected} onToggle={(person, present) => void toggle(person, present)} />
          <NewcomerForm
            session={session}
            programme={programme.data ?? null}
            onAdded={(name, counts) => {
              setStatus(t('programmeSessions.newcomer.added', { name: isolate(name), count: counts.total }));
              withCounts(counts);
              reload();
            }}
          />
          <TallyForm
            key={register.data.sessionId}
            sessionId={session.id}
            register={register.data}
            onSaved={(tally, counts) => {
              update((current) => ({ ...current, ...tally, counts }));
              setStatus(t('programmeSessions.tally.saved', { count: counts.total }));
            }}
          />
          <SignpostingSection session={session} people={register.data.expected} onStatus={setStatus} />
        </>
      ) : null}
    </Page>
  );
}

function markPresent(register: Register, participantId: string, present: boolean): Register {
  return { ...register, expected: register.expected.map((p) => (p.participantId === participantId ? { ...p, present } : p)) };
}

function SessionLinks({ session }: { session: Session }) {
  const { t } = useTranslation();
  const programmePath = `/programmes/${session.programmeId}`;
  return (
    <ul className="plain-list button-row">
      <li>
        <Link to={programmePath}>{t('programmeSessions.register.backToProgramme', { programme: isolate(session.programmeName) })}</Link>
      </li>
      <li>
        <Link to={`${programmePath}/ambassadors`}>{t('programmeSessions.ambassadors.nav')}</Link>
      </li>
      <li>
        <Link to={`${programmePath}/report`}>{t('programmeSessions.report.nav')}</Link>
      </li>
    </ul>
  );
}

function SessionHeader({ session }: { session: Session }) {
  const { t } = useTranslation();
  const { date, time } = useFormatters();
  return (
    <section className="section" aria-labelledby="reg-session-heading">
      <h2 id="reg-session-heading">{t('programmeSessions.register.sessionHeading')}</h2>
      {session.status === 'cancelled' ? (
        <div className="notice notice--info">
          <p>{t('programmeSessions.register.cancelled', { reason: session.cancellationReason ?? '' })}</p>
        </div>
      ) : null}
      <dl className="summary-list card">
        <Detail term={t('programmeSessions.register.programme')}>
          <bdi>{session.programmeName}</bdi>
          {session.jointProgrammeName ? <span className="summary-list__note">{t('programmeSessions.register.jointWith', { programme: isolate(session.jointProgrammeName) })}</span> : null}
        </Detail>
        <Detail term={t('programmeSessions.register.when')}>
          {t('programmeSessions.register.dateTime', { date: date(session.date), starts: time(session.startsLocal), ends: time(session.endsLocal) })}
        </Detail>
        <Detail term={t('programmeSessions.register.branch')}>
          <bdi>{session.branchName}</bdi>
        </Detail>
        <Detail term={t('programmeSessions.register.room')}>{session.room ? <bdi>{session.room}</bdi> : '—'}</Detail>
        {session.facilitator ? (
          <Detail term={t('programmeSessions.register.facilitator')}>
            <bdi>{session.facilitator}</bdi>
          </Detail>
        ) : null}
        {session.topic ? (
          <Detail term={t('programmeSessions.register.topic')}>
            <bdi>{session.topic}</bdi>
          </Detail>
        ) : null}
      </dl>
    </section>
  );
}

const countFigures = ['total', 'newcomers', 'returning', 'named', 'unnamed'] as const;

/** The session's numbers so far, kept up to date as people are ticked and added. */
function CountsPanel({ counts }: { counts: Counts }) {
  const { t } = useTranslation();
  return (
    <section className="section" aria-labelledby="reg-counts-heading">
      <h2 id="reg-counts-heading">{t('programmeSessions.counts.heading')}</h2>
      <dl className="register-counts card">
        {countFigures.map((figure) => (
          <div key={figure}>
            <dt>{t(`programmeSessions.counts.${figure}`)}</dt>
            <dd id={`reg-count-${figure}`}>{counts[figure]}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
