import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../platform/auth';
import { useFormatters } from '../../platform/format';
import { SelectField, StatusMessage, SubmitButton, TextField } from '../../platform/forms';
import { isolate } from '../../platform/i18n';
import { focusSoon, Page } from '../../platform/page';
import { useResource } from '../../platform/resource';
import { LoadedTable } from '../../platform/tables';
import { canEditProgrammes, programmesApi, type ProgrammeSummary } from '../api';
import { PARTICIPANT_LIST_LIMIT, participantsApi, type Participant } from './api';
import { useSpokenLanguageName } from './languages';
import { canRefer } from '../../referrals/api';
import { PARTICIPANT_HEADING_ID, ParticipantPanel } from './ParticipantPanel';

const LIST_HEADING_ID = 'participants-list-heading';
const openButtonId = (participantId: string) => `participant-open-${participantId}`;

/** The people who came to the programmes or were invited, found by the name they like to be called. */
export function ParticipantsPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const programmeId = params.get('programmeId') ?? '';
  const [participants, reload, update] = useResource((signal) => participantsApi.list({ q, programmeId }, signal), [q, programmeId]);
  const [programmes] = useResource((signal) => programmesApi.list(signal), []);
  const [openedId, setOpenedId] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const programmeList: readonly ProgrammeSummary[] = programmes.data?.items ?? [];
  const chosenProgramme = programmeList.find((p) => p.id === programmeId);
  const count = participants.data?.items.length ?? 0;

  function close(focusId: string) {
    setOpenedId(null);
    focusSoon(focusId);
  }

  function saved(participant: Participant) {
    update((current) => ({ items: current.items.map((p) => (p.id === participant.id ? participant : p)) }));
    setStatus(t('programmeParticipants.saved', { name: isolate(participant.preferredName) }));
    close(openButtonId(participant.id));
  }

  function erased(participantId: string, name: string) {
    update((current) => ({ items: current.items.filter((p) => p.id !== participantId) }));
    setStatus(t('programmeParticipants.erased', { name: isolate(name) }));
    close(LIST_HEADING_ID);
  }

  return (
    <Page title={t('programmeParticipants.title')} intro={t('programmeParticipants.intro')}>
      <StatusMessage message={status} />
      <ul className="plain-list button-row">
        <li>
          <Link to="/programmes">{t('programmes.backToList')}</Link>
        </li>
        {chosenProgramme ? (
          <li>
            <Link to={`/programmes/${chosenProgramme.id}`}>{t('programmeParticipants.backToProgramme', { programme: isolate(chosenProgramme.name) })}</Link>
          </li>
        ) : null}
      </ul>
      <SearchForm
        key={`${q}|${programmeId}`}
        q={q}
        programmeId={programmeId}
        programmes={programmeList}
        busy={participants.status === 'loading'}
        onSearch={(next) => {
          setOpenedId(null);
          setParams(Object.fromEntries(Object.entries(next).filter(([, value]) => value)));
        }}
      />
      <section className="section" aria-labelledby={LIST_HEADING_ID}>
        <h2 id={LIST_HEADING_ID} tabIndex={-1}>
          {chosenProgramme ? t('programmeParticipants.headingFor', { programme: isolate(chosenProgramme.name) }) : t('programmeParticipants.heading')}
        </h2>
        {count >= PARTICIPANT_LIST_LIMIT ? <p className="section-intro">{t('programmeParticipants.tooMany', { limit: PARTICIPANT_LIST_LIMIT })}</p> : null}
        <LoadedTable
          resource={participants}
          onRetry={reload}
          empty={q || programmeId ? t('programmeParticipants.noMatch') : t('programmeParticipants.empty')}
          caption={t('programmeParticipants.caption', { count })}
          columns={[
            t('programmeParticipants.columns.name'),
            t('programmeParticipants.columns.languages'),
            t('programmeParticipants.columns.heardVia'),
            t('programmeParticipants.columns.invitedBy'),
            t('programmeParticipants.columns.firstProgramme'),
            t('programmeParticipants.columns.visits'),
            t('programmeParticipants.columns.actions'),
          ]}
          rows={(items) =>
            items.map((participant) => (
              <ParticipantRow
                key={participant.id}
                participant={participant}
                programmes={programmeList}
                onOpen={() => {
                  setStatus(null);
                  setOpenedId(participant.id);
                  focusSoon(PARTICIPANT_HEADING_ID);
                }}
              />
            ))
          }
        />
      </section>
      {openedId ? (
        <ParticipantPanel
          key={openedId}
          participantId={openedId}
          canErase={!!user && canEditProgrammes(user.role)}
          onSaved={saved}
          onErased={(name) => erased(openedId, name)}
          onClose={() => close(openButtonId(openedId))}
        />
      ) : null}
    </Page>
  );
}

interface SearchFormProps {
  q: string;
  programmeId: string;
  programmes: readonly ProgrammeSummary[];
  busy: boolean;
  onSearch(search: { q: string; programmeId: string }): void;
}

/** Search by part of her preferred name, across programmes or within one. */
function SearchForm({ q, programmeId, programmes, busy, onSearch }: SearchFormProps) {
  const { t } = useTranslation();
  const [name, setName] = useState(q);
  const [programme, setProgramme] = useState(programmeId);

  function submit(event: FormEvent) {
    event.preventDefault();
    onSearch({ q: name.trim(), programmeId: programme });
  }

  return (
    <form className="form card" role="search" noValidate onSubmit={submit} aria-label={t('programmeParticipants.search')}>
      <div className="form-grid form-grid--filters">
        <TextField id="participants-q" type="search" label={t('programmeParticipants.name')} hint={t('programmeParticipants.nameHint')} dir="auto" autoComplete="off" maxLength={100} value={name} onValueChange={setName} />
        <SelectField
          id="participants-programme"
          label={t('programmeParticipants.programme')}
          value={programme}
          onValueChange={setProgramme}
          options={[{ value: '', label: t('programmeParticipants.allProgrammes') }, ...programmes.map((p) => ({ value: p.id, label: p.name }))]}
        />
      </div>
      <SubmitButton busy={busy}>{t('programmeParticipants.searchButton')}</SubmitButton>
    </form>
  );
}

function ParticipantRow({ participant, programmes, onOpen }: { participant: Participant; programmes: readonly ProgrammeSummary[]; onOpen(): void }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const { date } = useFormatters();
  const languageName = useSpokenLanguageName();
  const firstProgramme = programmes.find((p) => p.id === participant.firstProgrammeId);
  const inviter = participant.invitedBy?.preferredName;
  return (
    <tr>
      <th scope="row">
        <bdi>{participant.preferredName}</bdi>
        {participant.ambassadorId ? (
          <span className="summary-list__note">
            <span className="badge badge--info">{t('programmeParticipants.ambassador')}</span>
          </span>
        ) : null}
      </th>
      <td>{participant.languages.length > 0 ? participant.languages.map(languageName).join(t('common.listSeparator')) : '—'}</td>
      <td>{participant.heardVia ? t(`programmeSessions.heardVia.${participant.heardVia}`) : t('programmeParticipants.notSaid')}</td>
      <td>{inviter ? <bdi>{inviter}</bdi> : '—'}</td>
      <td>{firstProgramme ? <bdi>{firstProgramme.name}</bdi> : '—'}</td>
      <td>
        {t('programmeParticipants.visits', { count: participant.visits })}
        {participant.lastAttendedOn ? <span className="summary-list__note">{t('programmeParticipants.lastCame', { date: date(participant.lastAttendedOn) })}</span> : null}
      </td>
      <td>
        <button type="button" id={openButtonId(participant.id)} className="button button--small button--secondary" onClick={onOpen}>
          {t('programmeParticipants.open')}
          <span className="visually-hidden"> {participant.preferredName}</span>
        </button>
        {user && canRefer(user.role) ? (
          <>
            {' '}
            <Link className="button button--small button--secondary" to={`/referrals/new?participantId=${encodeURIComponent(participant.id)}`}>
              {t('referrals.refer')}
              <span className="visually-hidden"> {participant.preferredName}</span>
            </Link>
          </>
        ) : null}
      </td>
    </tr>
  );
}
