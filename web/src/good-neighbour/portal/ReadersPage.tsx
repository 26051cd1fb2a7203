import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../platform/notices';
import { isolate } from '../../platform/i18n';
import { Page } from '../../platform/page';
import { useResource } from '../../platform/resource';
import { portalApi, type ServedReader } from './api';
import { useLongDate, visitInWords } from './parts';
import { PortalLoadError, useNeighbourSession } from './session';

function ReaderCard({ reader, today }: { reader: ServedReader; today: string }) {
  const { t } = useTranslation();
  const longDate = useLongDate();
  return (
    <li className="portal-card">
      <h2 className="portal-card__title">
        <Link to={`/neighbour/readers/${reader.id}`}>
          <bdi>{reader.firstName}</bdi>
        </Link>
      </h2>
      <p>
        {reader.nextVisit
          ? t('neighbourPortal.readers.nextVisit', { date: longDate(reader.nextVisit), when: visitInWords(t, reader.nextVisit, today) })
          : t('neighbourPortal.readers.noVisit')}
      </p>
      {reader.loansOut === null ? (
        <p className="muted">{t('neighbourPortal.readers.loansPrivate')}</p>
      ) : (
        <p>
          {t('neighbourPortal.readers.loansOut', { count: reader.loansOut })}
          {reader.loansDue ? (
            <>
              {' '}
              <span className="badge badge--pending">{t('neighbourPortal.readers.loansDue', { count: reader.loansDue })}</span>
            </>
          ) : null}
        </p>
      )}
    </li>
  );
}

/** The readers this neighbour helps, each with the next visit and what falls due by then. */
export function ReadersPage() {
  const { t } = useTranslation();
  const { state } = useNeighbourSession();
  const [readers, reload] = useResource((signal) => portalApi.readers(signal), []);
  const name = state.status === 'signedIn' ? state.neighbour.name : '';
  return (
    <Page title={t('neighbourPortal.readers.title')} intro={t('neighbourPortal.readers.intro', { name: isolate(name) })}>
      {readers.status === 'loading' ? <Loading /> : null}
      {readers.status === 'error' ? <PortalLoadError error={readers.error} onRetry={reload} /> : null}
      {readers.status === 'ready' && readers.data.items.length === 0 ? <p>{t('neighbourPortal.readers.none')}</p> : null}
      {readers.status === 'ready' && readers.data.items.length > 0 ? (
        <ul className="portal-cards">
          {readers.data.items.map((reader) => (
            <ReaderCard key={reader.id} reader={reader} today={readers.data.today} />
          ))}
        </ul>
      ) : null}
    </Page>
  );
}
