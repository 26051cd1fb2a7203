import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../platform/auth';
import { useConfirm } from '../platform/confirm';
import { describeError } from '../platform/errors';
import { useFormatters } from '../platform/format';
import { FormActions, SelectField, StatusMessage, TextAreaField } from '../platform/forms';
import { isolate } from '../platform/i18n';
import { ErrorNotice } from '../platform/notices';
import { focusSoon, Page } from '../platform/page';
import { useResource } from '../platform/resource';
import { LoadedTable } from '../platform/tables';
import { branchesApi } from '../organisation/api';
import { addDaysIso, canEditProgrammes, hhmm, programmesApi, todayIso, type ProgrammeSummary, type Session } from './api';
import { SessionStatusBadge } from './ProgrammeParts';
import { SessionForm } from './SessionForm';

const weekChoices = ['2', '4', '8', '13'] as const;
type Opened = { session: Session; mode: 'edit' | 'cancel' } | 'new' | null;

/** The sessions of the coming weeks across programmes: change one on its own, cancel or reinstate it, or add one. */
export function SessionCalendarPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const canEdit = !!user && canEditProgrammes(user.role);
  const [params, setParams] = useSearchParams();
  const branchId = params.get('branchId') ?? '';
  const weeks = (weekChoices as readonly string[]).includes(params.get('weeks') ?? '') ? Number(params.get('weeks')) : 4;
  const from = todayIso();
  const to = addDaysIso(from, weeks * 7);
  const [sessions, reload] = useResource((signal) => programmesApi.calendar({ from, to, ...(branchId && { branchId }) }, signal), [from, to, branchId]);
  const [branches] = useResource((signal) => branchesApi.list(signal), []);
  const [programmes] = useResource((signal) => programmesApi.list(signal), []);
  const [opened, setOpened] = useState<Opened>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirm, dialog] = useConfirm();
  const { date, time } = useFormatters();
  const when = (session: Session) => t('programmes.calendar.when', { date: date(session.date), start: time(hhmm(session.startsLocal)), end: time(hhmm(session.endsLocal)) });
  const label = (session: Session) => t('programmes.calendar.sessionLabel', { programme: isolate(session.programmeName), when: when(session) });

  function filter(next: { branchId?: string; weeks?: string }) {
    const search = new URLSearchParams(params);
    for (const [key, value] of Object.entries(next)) {
      if (value) search.set(key, value);
      else search.delete(key);
    }
    setParams(search);
  }

  function done(message: string, focusId = 'calendar-heading') {
    setOpened(null);
    setStatus(message);
    reload();
    focusSoon(focusId);
  }

  async function reinstate(session: Session) {
    const ok = await confirm({ title: t('programmes.calendar.reinstateTitle'), body: <p>{label(session)}</p>, confirmLabel: t('programmes.calendar.reinstate') });
    if (!ok) return;
    setProblem(null);
    try {
      await programmesApi.reinstateSession(session.id);
      done(t('programmes.calendar.reinstated', { session: label(session) }));
    } catch (error) {
      setProblem(describeError(error, t));
    }
  }

  const programmeList: readonly ProgrammeSummary[] = programmes.status === 'ready' ? programmes.data.items.filter((p) => p.status === 'active') : [];

  return (
    <Page title={t('programmes.calendar.title')} intro={t('programmes.calendar.intro')}>
      <StatusMessage message={status} />
      <p>
        <Link to="/programmes">{t('programmes.backToList')}</Link>
      </p>
      <form className="form card" role="search" aria-label={t('programmes.calendar.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="form-grid form-grid--filters">
          <SelectField
            id="calendar-branch"
            label={t('programmes.calendar.branch')}
            value={branchId}
            onValueChange={(value) => filter({ branchId: value })}
            options={[{ value: '', label: t('programmes.calendar.allBranches') }, ...(branches.status === 'ready' ? branches.data.items.map((b) => ({ value: b.id, label: b.name })) : [])]}
          />
          <SelectField
            id="calendar-weeks"
            label={t('programmes.calendar.weeks')}
            value={String(weeks)}
            onValueChange={(value) => filter({ weeks: value === '4' ? '' : value })}
            options={weekChoices.map((value) => ({ value, label: t('programmes.calendar.weeksChoice', { count: Number(value) }) }))}
          />
        </div>
      </form>
      <section className="section" aria-labelledby="calendar-heading">
        <h2 id="calendar-heading" tabIndex={-1}>
          {t('programmes.calendar.heading', { from: date(from), to: date(to) })}
        </h2>
        <ErrorNotice message={problem} />
        <LoadedTable
          resource={sessions}
          onRetry={reload}
          empty={t('programmes.calendar.empty')}
          caption={t('programmes.calendar.caption')}
          columns={[t('programmes.calendar.columns.when'), t('programmes.calendar.columns.programme'), t('programmes.calendar.columns.where'), t('programmes.calendar.columns.topic'), t('programmes.calendar.columns.status'), t('programmes.calendar.columns.actions')]}
          rows={(items) =>
            items.map((session) => (
              <tr key={session.id} className={session.status === 'scheduled' ? undefined : 'row--muted'}>
                <th scope="row">{when(session)}</th>
                <td>
                  <Link to={`/programmes/${session.programmeId}`}>
                    <bdi>{session.programmeName}</bdi>
                  </Link>
                  {session.jointProgrammeId && session.jointProgrammeName ? (
                    <span className="summary-list__note">{t('programmes.calendar.jointWith', { programme: isolate(session.jointProgrammeName) })}</span>
                  ) : null}
                </td>
                <td>
                  <bdi>{session.branchName}</bdi>
                  {session.room ? (
                    <span className="summary-list__note">
                      <bdi>{session.room}</bdi>
                    </span>
                  ) : null}
                </td>
                <td>{session.topic ? <bdi>{session.topic}</bdi> : '—'}</td>
                <td>
                  <SessionStatusBadge status={session.status} />
                  {session.detached ? <span className="summary-list__note">{t('programmes.calendar.changedAlone')}</span> : null}
                  {session.cancellationReason ? (
                    <span className="summary-list__note">
                      <bdi>{session.cancellationReason}</bdi>
                    </span>
                  ) : null}
                </td>
                <td>
                  <SessionActions session={session} label={label(session)} canEdit={canEdit} onOpen={(mode) => setOpened({ session, mode })} onReinstate={() => void reinstate(session)} />
                </td>
              </tr>
            ))
          }
        />
      </section>
      {opened && opened !== 'new' ? (
        <section className="section" aria-labelledby="calendar-session-heading">
          <h2 id="calendar-session-heading" tabIndex={-1}>
            {opened.mode === 'edit' ? t('programmes.calendar.editHeading') : t('programmes.calendar.cancelHeading')}
          </h2>
          <p className="section-intro">{label(opened.session)}</p>
          {opened.mode === 'edit' ? (
            <SessionForm key={opened.session.id} session={opened.session} programmes={programmeList} onCancel={() => done('', `session-edit-${opened.session.id}`)} onSaved={(saved) => done(t('programmes.calendar.saved', { session: label(saved) }))} />
          ) : (
            <CancelForm
              key={opened.session.id}
              session={opened.session}
              label={label(opened.session)}
              onCancel={() => done('', `session-cancel-${opened.session.id}`)}
              onCancelled={(notified) => done(t('programmes.calendar.cancelled', { session: label(opened.session), count: notified }))}
            />
          )}
        </section>
      ) : null}
      {canEdit ? (
        <section className="section" aria-labelledby="calendar-add-heading">
          <h2 id="calendar-add-heading" tabIndex={-1}>
            {t('programmes.calendar.addHeading')}
          </h2>
          <p className="section-intro">{t('programmes.calendar.addIntro')}</p>
          {opened === 'new' ? (
            <SessionForm session={null} programmes={programmeList} onCancel={() => done('', 'calendar-add')} onSaved={(saved) => done(t('programmes.calendar.added', { session: label(saved) }))} />
          ) : (
            <button
              type="button"
              id="calendar-add"
              className="button button--secondary"
              disabled={programmeList.length === 0}
              onClick={() => {
                setOpened('new');
                focusSoon('calendar-add-heading');
              }}
            >
              {t('programmes.calendar.addSession')}
            </button>
          )}
        </section>
      ) : null}
      {dialog}
    </Page>
  );
}

interface SessionActionsProps {
  session: Session;
  label: string;
  canEdit: boolean;
  onOpen(mode: 'edit' | 'cancel'): void;
  onReinstate(): void;
}

function SessionActions({ session, label, canEdit, onOpen, onReinstate }: SessionActionsProps) {
  const { t } = useTranslation();
  const open = (mode: 'edit' | 'cancel') => {
    onOpen(mode);
    focusSoon('calendar-session-heading');
  };
  return (
    <div className="button-row">
      {session.status === 'scheduled' ? (
        <Link className="button button--small" to={`/programmes/sessions/${session.id}/register`}>
          {t('programmes.calendar.register')}
          <span className="visually-hidden"> {label}</span>
        </Link>
      ) : null}
      {canEdit && session.status === 'scheduled' ? (
        <>
          <button type="button" id={`session-edit-${session.id}`} className="button button--small button--secondary" onClick={() => open('edit')}>
            {t('common.edit')}
            <span className="visually-hidden"> {label}</span>
          </button>
          <button type="button" id={`session-cancel-${session.id}`} className="button button--small button--danger-outline" onClick={() => open('cancel')}>
            {t('programmes.calendar.cancelSession')}
            <span className="visually-hidden"> {label}</span>
          </button>
        </>
      ) : null}
      {canEdit && session.status === 'cancelled' ? (
        <button type="button" className="button button--small button--secondary" onClick={onReinstate}>
          {t('programmes.calendar.reinstate')}
          <span className="visually-hidden"> {label}</span>
        </button>
      ) : null}
    </div>
  );
}

interface CancelFormProps {
  session: Session;
  label: string;
  onCancel(): void;
  onCancelled(notified: number): void;
}

/** Cancelling one session with the reason people are told; those who asked to hear are emailed once. */
function CancelForm({ session, label, onCancel, onCancelled }: CancelFormProps) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [confirm, dialog] = useConfirm();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim()) {
      setError(t('forms.required', { field: t('programmes.calendar.reason') }));
      focusSoon('session-cancel-reason');
      return;
    }
    const ok = await confirm({
      title: t('programmes.calendar.cancelTitle'),
      body: <p>{t('programmes.calendar.cancelBody', { session: label })}</p>,
      confirmLabel: t('programmes.calendar.cancelSession'),
      destructive: true,
    });
    if (!ok) return;
    setBusy(true);
    setError(undefined);
    try {
      const { notified } = await programmesApi.cancelSession(session.id, reason.trim());
      onCancelled(notified);
    } catch (failure) {
      setError(describeError(failure, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form card" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="calendar-session-heading">
      <TextAreaField id="session-cancel-reason" label={t('programmes.calendar.reason')} hint={t('programmes.calendar.reasonHint')} dir="auto" maxLength={500} value={reason} onValueChange={setReason} error={error} required />
      <FormActions busy={busy} submitLabel={t('programmes.calendar.cancelSession')} onCancel={onCancel} />
      {dialog}
    </form>
  );
}
