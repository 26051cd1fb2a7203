import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../platform/auth';
import { useFormatters } from '../platform/format';
import { ErrorSummary, FormActions, StatusMessage, TextField, useFormSending, useFormState } from '../platform/forms';
import { isolate } from '../platform/i18n';
import { Loading } from '../platform/notices';
import { LoadFailedPage, Page } from '../platform/page';
import { useResource, type Resource } from '../platform/resource';
import { LoadedTable } from '../platform/tables';
import type { ListResponse } from '../platform/api';
import { canEditProgrammes, hhmm, programmesApi, type Programme, type Session } from './api';
import { BranchesPanel } from './BranchesPanel';
import { SessionStatusBadge, useProgrammeLanguageName } from './ProgrammeParts';
import { ProgrammeEditor } from './ProgrammeEditor';
import { SchedulesPanel } from './SchedulesPanel';
import { TranslationsEditor } from './TranslationsEditor';

/** Where a new programme lands, and what it says there. */
interface ArrivalState {
  arrived?: 'created' | 'copied';
}

/** Starting a programme: its details first; branches, schedules and translations follow on its own page. */
export function NewProgrammePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Page title={t('programmes.editor.newTitle')} intro={t('programmes.editor.newIntro')}>
      <p>
        <Link to="/programmes">{t('programmes.backToList')}</Link>
      </p>
      <section className="section" aria-labelledby="programme-details-heading">
        <h2 id="programme-details-heading">{t('programmes.editor.heading')}</h2>
        <ProgrammeEditor programme={null} readOnly={false} onSaved={(created) => navigate(`/programmes/${created.id}`, { state: { arrived: 'created' } satisfies ArrivalState })} />
      </section>
    </Page>
  );
}

/** One programme: its text and translations, the branches it runs at and its schedules, with its public page and feed. */
export function ProgrammePage() {
  const { id = '' } = useParams();
  // A fresh screen for each programme, so that a copy does not inherit the original's forms and messages.
  return <ProgrammeScreen key={id} id={id} />;
}

function ProgrammeScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const location = useLocation();
  const canEdit = !!user && canEditProgrammes(user.role);
  const [programme, reload, update] = useResource((signal) => programmesApi.get(id, signal), [id]);
  const [sessions, reloadSessions] = useResource((signal) => programmesApi.sessions(id, signal), [id]);
  const [status, setStatus] = useState<string | null>(null);
  const arrived = (location.state as ArrivalState | null)?.arrived;

  if (programme.status === 'loading') return <Loading />;
  if (programme.status === 'error') {
    return <LoadFailedPage title={t('programmes.notFoundTitle')} error={programme.error} onRetry={reload} back={{ to: '/programmes', label: t('programmes.backToList') }} />;
  }
  const shown = programme.data;
  const panel = {
    programme: shown,
    canEdit,
    onChanged: (message: string) => {
      setStatus(message);
      reload();
      reloadSessions();
    },
  };

  return (
    <Page title={shown.name}>
      <StatusMessage message={status ?? (arrived ? t(`programmes.editor.${arrived}`, { name: isolate(shown.name) }) : null)} />
      <p>
        <Link to="/programmes">{t('programmes.backToList')}</Link>
      </p>
      {shown.status === 'archived' ? (
        <p className="section-intro">
          <span className="badge badge--muted">{t('programmes.status.archived')}</span> {t('programmes.run.archivedNote')}
        </p>
      ) : null}
      <RunThisProgramme programme={shown} sessions={sessions} />
      <section className="section" aria-labelledby="programme-details-heading">
        <h2 id="programme-details-heading">{t('programmes.editor.heading')}</h2>
        <ProgrammeEditor
          key={shown.id}
          programme={shown}
          readOnly={!canEdit}
          onSaved={(saved) => {
            update(() => saved);
            setStatus(t('programmes.editor.saved', { name: isolate(saved.name) }));
          }}
          onStatusChanged={(changed) => {
            update(() => changed);
            setStatus(t(changed.status === 'archived' ? 'programmes.archive.done' : 'programmes.restore.done', { name: isolate(changed.name) }));
          }}
        />
      </section>
      <TranslationsEditor {...panel} />
      <BranchesPanel {...panel} />
      <SchedulesPanel {...panel} />
      <ComingSessions programme={shown} sessions={sessions} onRetry={reloadSessions} />
      {canEdit ? <CopySection programme={shown} /> : null}
    </Page>
  );
}

type SessionList = Resource<ListResponse<Session>>;

/** "Tuesday 1 Dec, 10:00–11:30" as the calendar says it. */
function useSessionWhen(): (session: Session) => string {
  const { t } = useTranslation();
  const { date, time } = useFormatters();
  return (session) => t('programmes.calendar.when', { date: date(session.date), start: time(hhmm(session.startsLocal)), end: time(hhmm(session.endsLocal)) });
}

/** The session calendar, narrowed to the programme's branch when it runs at only one. */
function calendarLink(programme: Programme): string {
  const [only, ...others] = programme.branches;
  return only && others.length === 0 ? `/programmes/calendar?branchId=${only.id}` : '/programmes/calendar';
}

/** The ways into everything a leader does with the programme: its register, people, figures and public pages. */
function RunThisProgramme({ programme, sessions }: { programme: Programme; sessions: SessionList }) {
  const { t } = useTranslation();
  const when = useSessionWhen();
  const languageName = useProgrammeLanguageName();
  const next = sessions.data?.items.find((session) => session.status === 'scheduled');
  const publicLanguages = [programme.language, ...programme.translations.map((translation) => translation.language)];
  return (
    <nav className="section" aria-labelledby="programme-run-heading">
      <h2 id="programme-run-heading">{t('programmes.run.heading')}</h2>
      <ul>
        <li>
          {next ? (
            <Link to={`/programmes/sessions/${next.id}/register`}>{t('programmes.run.register', { when: when(next), branch: isolate(next.branchName) })}</Link>
          ) : sessions.status === 'ready' ? (
            t('programmes.run.noNextSession')
          ) : (
            t('common.loading')
          )}
        </li>
        <li>
          <Link to={calendarLink(programme)}>{t('programmes.calendar.title')}</Link>
        </li>
        <li>
          <Link to={`/programmes/participants?programmeId=${programme.id}`}>{t('programmeParticipants.nav')}</Link>
        </li>
        <li>
          <Link to={`/programmes/${programme.id}/ambassadors`}>{t('programmeSessions.ambassadors.nav')}</Link>
        </li>
        <li>
          <Link to={`/programmes/${programme.id}/report`}>{t('programmeSessions.report.nav')}</Link>
        </li>
        <li>
          <Link to="/programmes/donations">{t('programmeSessions.donations.title')}</Link>
        </li>
        {programme.status === 'active' ? (
          <>
            {publicLanguages.map((language) => (
              <li key={language}>
                <a href={programmesApi.publicPageUrl(programme.id, language)} hrefLang={language} target="_blank" rel="noreferrer">
                  {t('programmes.run.publicPageIn', { language: languageName(language) })} <span className="visually-hidden">{t('common.opensInNewTab')}</span>
                </a>
              </li>
            ))}
            <li>
              <a href={programmesApi.calendarFeedUrl(programme.id)}>{t('programmes.calendarFeed')}</a>
            </li>
          </>
        ) : null}
      </ul>
    </nav>
  );
}

const SESSIONS_SHOWN = 6;

/** The programme's next few sessions, each with its register, and the calendar for the rest. */
function ComingSessions({ programme, sessions, onRetry }: { programme: Programme; sessions: SessionList; onRetry(): void }) {
  const { t } = useTranslation();
  const when = useSessionWhen();
  const more = Math.max(0, (sessions.data?.items.length ?? 0) - SESSIONS_SHOWN);
  return (
    <section className="section" aria-labelledby="programme-sessions-heading">
      <h2 id="programme-sessions-heading">{t('programmes.run.sessionsHeading')}</h2>
      <LoadedTable
        resource={sessions}
        onRetry={onRetry}
        empty={t('programmes.run.noSessions')}
        caption={t('programmes.run.sessionsCaption', { programme: isolate(programme.name) })}
        columns={[t('programmes.calendar.columns.when'), t('programmes.calendar.columns.where'), t('programmes.calendar.columns.status'), t('programmes.calendar.columns.actions')]}
        rows={(items) =>
          items.slice(0, SESSIONS_SHOWN).map((session) => (
            <tr key={session.id} className={session.status === 'scheduled' ? undefined : 'row--muted'}>
              <th scope="row">{when(session)}</th>
              <td>
                <bdi>{session.branchName}</bdi>
                {session.jointProgrammeId && session.jointProgrammeName ? (
                  <span className="summary-list__note">{t('programmes.calendar.jointWith', { programme: isolate(session.programmeId === programme.id ? session.jointProgrammeName : session.programmeName) })}</span>
                ) : null}
              </td>
              <td>
                <SessionStatusBadge status={session.status} />
              </td>
              <td>
                {session.status === 'scheduled' ? (
                  <Link className="button button--small" to={`/programmes/sessions/${session.id}/register`}>
                    {t('programmes.calendar.register')}
                    <span className="visually-hidden"> {when(session)}</span>
                  </Link>
                ) : null}
              </td>
            </tr>
          ))
        }
      />
      {more > 0 ? (
        <p>
          <Link to={calendarLink(programme)}>{t('programmes.run.moreInCalendar', { count: more })}</Link>
        </p>
      ) : null}
    </section>
  );
}

/** Copies the programme's text, translations, eligibility and topics as the start of another, with no sessions or people. */
function CopySection({ programme }: { programme: Programme }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const form = useFormState<'name'>({
    idPrefix: 'programme-copy',
    initial: { name: t('programmes.copy.defaultName', { name: programme.name }) },
    labels: { name: t('programmes.copy.name') },
  });
  const { busy, sendForm } = useFormSending(form.setErrors);

  async function copy(event: FormEvent) {
    event.preventDefault();
    const name = form.values.name.trim();
    const fields: Record<string, string> = name ? {} : { name: t('forms.required', { field: form.labels.name }) };
    await sendForm(fields, async () => {
      const copied = await programmesApi.copy(programme.id, { name });
      navigate(`/programmes/${copied.id}`, { state: { arrived: 'copied' } satisfies ArrivalState });
    });
  }

  return (
    <section className="section" aria-labelledby="programme-copy-heading">
      <h2 id="programme-copy-heading">{t('programmes.copy.heading')}</h2>
      <p className="section-intro">{t('programmes.copy.intro')}</p>
      <ErrorSummary errors={form.errors} fieldIds={form.ids} fieldLabels={form.labels} />
      <form className="form card" noValidate onSubmit={(e) => void copy(e)} aria-labelledby="programme-copy-heading">
        <TextField {...form.field('name')} maxLength={200} autoComplete="off" dir="auto" required />
        <FormActions busy={busy} submitLabel={t('programmes.copy.submit')} />
      </form>
    </section>
  );
}
