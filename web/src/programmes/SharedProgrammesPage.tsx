import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { describeError } from '../platform/errors';
import { isolate } from '../platform/i18n';
import { ErrorNotice } from '../platform/notices';
import { Page } from '../platform/page';
import { useResource } from '../platform/resource';
import { LoadedList } from '../platform/tables';
import { programmesApi, type SharedProgramme } from './api';

/** Programmes other library services share, to adopt as the start of one of our own. */
export function SharedProgrammesPage() {
  const { t } = useTranslation();
  const [shared, reload] = useResource((signal) => programmesApi.shared(signal), []);
  const [problem, setProblem] = useState<string | null>(null);

  return (
    <Page title={t('programmes.shared.title')} intro={t('programmes.shared.intro')}>
      <p>
        <Link to="/programmes">{t('programmes.backToList')}</Link>
      </p>
      <ErrorNotice message={problem} />
      <LoadedList resource={shared} onRetry={reload} empty={t('programmes.shared.empty')}>
        {(items) => (
          <ul className="plain-list card-list">
            {items.map((programme) => (
              <SharedCard key={programme.id} programme={programme} onProblem={setProblem} />
            ))}
          </ul>
        )}
      </LoadedList>
    </Page>
  );
}

function SharedCard({ programme, onProblem }: { programme: SharedProgramme; onProblem(message: string | null): void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const headingId = `shared-${programme.id}`;

  async function adopt() {
    setBusy(true);
    onProblem(null);
    try {
      const copied = await programmesApi.copy(programme.id, { name: programme.name });
      navigate(`/programmes/${copied.id}`, { state: { arrived: 'copied' } });
    } catch (error) {
      onProblem(describeError(error, t));
      setBusy(false);
    }
  }

  return (
    <li className="card">
      <h2 id={headingId}>
        <bdi>{programme.name}</bdi>
      </h2>
      <p className="muted">{t('programmes.shared.from', { service: isolate(programme.libraryService.name), count: programme.branchCount })}</p>
      {programme.description ? (
        <p className="pre-line" dir="auto">
          {programme.description}
        </p>
      ) : null}
      {programme.topics.length > 0 ? <p>{t('programmes.shared.topics', { topics: programme.topics.map(isolate).join(t('common.listSeparator')) })}</p> : null}
      <div className="button-row">
        <button type="button" className="button" disabled={busy} onClick={() => void adopt()}>
          {t('programmes.shared.adopt')}
          <span className="visually-hidden"> {programme.name}</span>
        </button>
      </div>
    </li>
  );
}
