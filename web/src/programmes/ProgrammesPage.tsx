import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../platform/auth';
import { useFormatters } from '../platform/format';
import { Page } from '../platform/page';
import { useResource, type Resource } from '../platform/resource';
import { LoadedTable } from '../platform/tables';
import type { ListResponse } from '../platform/api';
import { canEditProgrammes, programmesApi, type ProgrammeSummary } from './api';
import { ProgrammeBadges, useProgrammeLanguageName } from './ProgrammeParts';

/** Every programme the library service runs, where and when it next meets, with the ways into the rest. */
export function ProgrammesPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const canEdit = !!user && canEditProgrammes(user.role);
  const [programmes, reload] = useResource((signal) => programmesApi.list(signal), []);
  const archived = programmes.data?.items.filter((p) => p.status === 'archived') ?? [];

  return (
    <Page title={t('programmes.list.title')} intro={t('programmes.list.intro')}>
      <ul className="plain-list button-row">
        {canEdit ? (
          <li>
            <Link className="button" to="/programmes/new">
              {t('programmes.list.new')}
            </Link>
          </li>
        ) : null}
        <li>
          <Link className="button button--secondary" to="/programmes/calendar">
            {t('programmes.calendar.title')}
          </Link>
        </li>
        {canEdit ? (
          <li>
            <Link className="button button--secondary" to="/programmes/shared">
              {t('programmes.shared.title')}
            </Link>
          </li>
        ) : null}
        <li>
          <Link className="button button--secondary" to="/programmes/topics">
            {t('programmes.topics.title')}
          </Link>
        </li>
        <li>
          <Link className="button button--secondary" to="/programmes/participants">
            {t('programmeParticipants.nav')}
          </Link>
        </li>
      </ul>
      <section className="section" aria-labelledby="programmes-list-heading">
        <h2 id="programmes-list-heading">{t('programmes.list.heading')}</h2>
        <ProgrammeTable resource={withStatus(programmes, 'active')} onRetry={reload} empty={archived.length > 0 ? t('programmes.list.noneActive') : t('programmes.list.empty')} caption={t('programmes.list.caption')} />
      </section>
      {archived.length > 0 ? (
        <section className="section" aria-labelledby="programmes-archived-heading">
          <h2 id="programmes-archived-heading">{t('programmes.list.archivedHeading')}</h2>
          <p className="section-intro">{t('programmes.list.archivedIntro')}</p>
          <ProgrammeTable resource={withStatus(programmes, 'archived')} onRetry={reload} empty={null} caption={t('programmes.list.archivedCaption')} />
        </section>
      ) : null}
    </Page>
  );
}

type ProgrammeList = ListResponse<ProgrammeSummary>;

/** One list loaded once, shown as two: the programmes running and those archived. */
function withStatus(programmes: Resource<ProgrammeList>, status: ProgrammeSummary['status']): Resource<ProgrammeList> {
  return programmes.status === 'ready' ? { status: 'ready', data: { items: programmes.data.items.filter((p) => p.status === status) } } : programmes;
}

function ProgrammeTable({ resource, onRetry, empty, caption }: { resource: Resource<ProgrammeList>; onRetry(): void; empty: string | null; caption: string }) {
  const { t } = useTranslation();
  return (
    <LoadedTable
      resource={resource}
      onRetry={onRetry}
      empty={empty}
      caption={caption}
      columns={[t('programmes.list.columns.name'), t('programmes.list.columns.branches'), t('programmes.list.columns.next'), t('programmes.list.columns.badges'), t('programmes.list.columns.languages')]}
      rows={(items) => items.map((programme) => <ProgrammeRow key={programme.id} programme={programme} />)}
    />
  );
}

function ProgrammeRow({ programme }: { programme: ProgrammeSummary }) {
  const { t } = useTranslation();
  const { dateTime } = useFormatters();
  const languageName = useProgrammeLanguageName();
  const next = programme.nextSession;
  return (
    <tr>
      <th scope="row">
        <Link to={`/programmes/${programme.id}`}>
          <bdi>{programme.name}</bdi>
        </Link>
      </th>
      <td>{programme.branches.length > 0 ? <bdi>{programme.branches.map((b) => b.name).join(t('common.listSeparator'))}</bdi> : '—'}</td>
      <td>
        {next ? (
          <>
            {dateTime(next.startsAt)}
            <span className="summary-list__note">
              <bdi>{next.branchName}</bdi>
            </span>
          </>
        ) : (
          t('programmes.list.noNext')
        )}
      </td>
      <td>
        <ProgrammeBadges programme={programme} />
      </td>
      <td>{programme.languages.length > 0 ? programme.languages.map(languageName).join(t('common.listSeparator')) : '—'}</td>
    </tr>
  );
}
