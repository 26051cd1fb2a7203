import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useConfirm } from '../../platform/confirm';
import { describeError } from '../../platform/errors';
import { useFormatters } from '../../platform/format';
import { StatusMessage, SubmitButton, TextField } from '../../platform/forms';
import { isolate } from '../../platform/i18n';
import { ErrorNotice, LoadError, Loading } from '../../platform/notices';
import { LoadFailedPage, Page, focusSoon } from '../../platform/page';
import { useResource } from '../../platform/resource';
import { LoadedTable } from '../../platform/tables';
import { useLanguageName } from '../../members/parts';
import { programmesApi, type Programme } from '../api';
import { ambassadorsApi, type Ambassador, type ParticipantMatch } from './api';
import { OutreachSection } from './OutreachSection';
import './ambassadors.css';

/** A programme's ambassadors: who they are, whom they brought, their invitation cards, and their outreach. */
export function AmbassadorsPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [programme, reload] = useResource((signal) => programmesApi.get(id, signal), [id]);
  if (programme.status === 'loading') return <Loading />;
  if (programme.status === 'error') {
    return <LoadFailedPage title={t('programmeSessions.ambassadors.notFoundTitle')} error={programme.error} onRetry={reload} back={{ to: '/programmes', label: t('programmeSessions.backToProgrammes') }} />;
  }
  return <ProgrammeAmbassadors programme={programme.data} />;
}

function ProgrammeAmbassadors({ programme }: { programme: Programme }) {
  const { t } = useTranslation();
  const [ambassadors, reload, update] = useResource((signal) => ambassadorsApi.list(programme.id, signal), [programme.id]);
  const [status, setStatus] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirm, dialog] = useConfirm();

  async function stepDown(ambassador: Ambassador) {
    const name = isolate(ambassador.preferredName);
    const ok = await confirm({ title: t('programmeSessions.ambassadors.stepDownTitle', { name }), body: <p>{t('programmeSessions.ambassadors.stepDownBody')}</p>, confirmLabel: t('programmeSessions.ambassadors.stepDown'), destructive: true });
    if (!ok) return;
    setProblem(null);
    try {
      await ambassadorsApi.stepDown(ambassador.id);
      update((current) => ({ items: current.items.filter((a) => a.id !== ambassador.id) }));
      setStatus(t('programmeSessions.ambassadors.steppedDown', { name }));
      focusSoon('amb-list-heading');
    } catch (error) {
      setProblem(describeError(error, t));
    }
  }

  const current = ambassadors.data?.items ?? [];
  return (
    <Page title={t('programmeSessions.ambassadors.title', { programme: isolate(programme.name) })} intro={t('programmeSessions.ambassadors.intro')}>
      <StatusMessage message={status} />
      <ul className="plain-list button-row">
        <li>
          <Link to={`/programmes/${programme.id}`}>{t('programmeSessions.register.backToProgramme', { programme: isolate(programme.name) })}</Link>
        </li>
        <li>
          <Link to={`/programmes/${programme.id}/report`}>{t('programmeSessions.report.nav')}</Link>
        </li>
      </ul>
      <section className="section" aria-labelledby="amb-list-heading">
        <h2 id="amb-list-heading" tabIndex={-1}>
          {t('programmeSessions.ambassadors.listHeading')}
        </h2>
        <ErrorNotice message={problem} />
        <LoadedTable
          resource={ambassadors}
          onRetry={reload}
          empty={t('programmeSessions.ambassadors.empty')}
          caption={t('programmeSessions.ambassadors.caption', { count: current.length })}
          columns={[t('programmeSessions.ambassadors.name'), t('programmeSessions.ambassadors.languages'), t('programmeSessions.ambassadors.newcomersBrought'), t('programmeSessions.ambassadors.since'), t('programmeSessions.ambassadors.invitation'), t('programmeSessions.ambassadors.actions')]}
          rows={(items) => items.map((ambassador) => <AmbassadorRow key={ambassador.id} programmeId={programme.id} ambassador={ambassador} onStepDown={() => void stepDown(ambassador)} />)}
        />
      </section>
      <PromoteSection
        programmeId={programme.id}
        already={current.map((a) => a.participantId)}
        onPromoted={(ambassador) => {
          update((list) => ({ items: [...list.items, ambassador] }));
          setStatus(t('programmeSessions.ambassadors.promoted', { name: isolate(ambassador.preferredName) }));
        }}
      />
      <OutreachSection programmeId={programme.id} ambassadors={current} onStatus={setStatus} />
      {dialog}
    </Page>
  );
}

function AmbassadorRow({ programmeId, ambassador, onStepDown }: { programmeId: string; ambassador: Ambassador; onStepDown(): void }) {
  const { t } = useTranslation();
  const { date } = useFormatters();
  const languageName = useLanguageName();
  return (
    <tr>
      <th scope="row">
        <bdi>{ambassador.preferredName}</bdi>
      </th>
      <td>{ambassador.languages.map(languageName).join(t('common.listSeparator')) || '—'}</td>
      <td>{ambassador.newcomersBrought}</td>
      <td>{date(ambassador.promotedAt)}</td>
      <td>
        <a className="break-anywhere" href={ambassador.inviteUrl} dir="ltr">
          {ambassador.inviteUrl}
        </a>
      </td>
      <td>
        <div className="button-row">
          <Link className="button button--secondary button--small" to={`/programmes/${programmeId}/ambassadors/${ambassador.id}/cards`}>
            {t('programmeSessions.ambassadors.cards')}
            <span className="visually-hidden"> {ambassador.preferredName}</span>
          </Link>
          <button type="button" className="button button--danger-outline button--small" onClick={onStepDown}>
            {t('programmeSessions.ambassadors.stepDown')}
            <span className="visually-hidden"> {ambassador.preferredName}</span>
          </button>
        </div>
      </td>
    </tr>
  );
}

interface PromoteSectionProps {
  programmeId: string;
  /** Participants who are ambassadors already, left out of the results. */
  already: readonly string[];
  onPromoted(ambassador: Ambassador): void;
}

/** Finding a participant of the programme by name and making her an ambassador. */
function PromoteSection({ programmeId, already, onPromoted }: PromoteSectionProps) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [searched, setSearched] = useState<string | null>(null);
  const [results, reload] = useResource((signal) => (searched === null ? Promise.resolve(null) : ambassadorsApi.participants(programmeId, searched, signal)), [programmeId, searched]);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  function search(event: FormEvent) {
    event.preventDefault();
    setSearched(q.trim());
  }

  async function promote(participant: ParticipantMatch) {
    setBusy(participant.id);
    setProblem(null);
    try {
      onPromoted(await ambassadorsApi.promote(programmeId, participant.id));
      focusSoon('amb-list-heading');
    } catch (error) {
      setProblem(describeError(error, t));
    } finally {
      setBusy(null);
    }
  }

  const candidates = results.data?.items.filter((p) => !already.includes(p.id)) ?? [];
  return (
    <section className="section" aria-labelledby="amb-promote-heading">
      <h2 id="amb-promote-heading">{t('programmeSessions.ambassadors.promoteHeading')}</h2>
      <form className="inline-form" role="search" noValidate onSubmit={search} aria-labelledby="amb-promote-heading">
        <TextField id="amb-search" type="search" label={t('programmeSessions.ambassadors.search')} hint={t('programmeSessions.ambassadors.searchHint')} dir="auto" autoComplete="off" maxLength={100} value={q} onValueChange={setQ} />
        <SubmitButton busy={results.status === 'loading' && searched !== null} busyLabel={t('common.loading')} className="button button--secondary">
          {t('programmeSessions.ambassadors.searchButton')}
        </SubmitButton>
      </form>
      <ErrorNotice message={problem} />
      {results.status === 'error' ? <LoadError error={results.error} onRetry={reload} /> : null}
      {results.status === 'ready' && searched !== null ? (
        candidates.length === 0 ? (
          <p role="status">{t('programmeSessions.ambassadors.noMatch', { query: isolate(searched) })}</p>
        ) : (
          <ul className="ambassador-results" aria-label={t('programmeSessions.ambassadors.results')}>
            {candidates.map((participant) => (
              <li key={participant.id}>
                <bdi>{participant.preferredName}</bdi>
                <button type="button" className="button button--small" disabled={busy === participant.id} onClick={() => void promote(participant)}>
                  {t('programmeSessions.ambassadors.promote')}
                  <span className="visually-hidden"> {participant.preferredName}</span>
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </section>
  );
}
