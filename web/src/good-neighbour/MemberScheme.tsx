import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../platform/auth';
import { useFormatters } from '../platform/format';
import { isolate } from '../platform/i18n';
import { LoadError, Loading } from '../platform/notices';
import { useResource } from '../platform/resource';
import type { Member } from '../members/api';
import { canRunScheme, goodNeighbourApi } from './api';
import { isServing } from './parts';

/** On a member's page: their arrangement when they have one, otherwise the way to convert their ticket. */
export function MemberSchemeSection({ member }: { member: Member }) {
  const { user } = useAuth();
  if (!user || !canRunScheme(user.role)) return null;
  return <SchemeStatus member={member} />;
}

function SchemeStatus({ member }: { member: Member }) {
  const { t } = useTranslation();
  const { date } = useFormatters();
  const [found, reload] = useResource((signal) => goodNeighbourApi.list({ readerId: member.id, status: 'active' }, null, signal), [member.id]);
  const arrangement = found.status === 'ready' ? found.data.items[0] : undefined;
  const name = isolate(member.name);
  return (
    <section className="section" aria-labelledby="member-scheme-heading">
      <h2 id="member-scheme-heading">{t('goodNeighbour.member.heading')}</h2>
      {found.status === 'loading' ? <Loading /> : null}
      {found.status === 'error' ? <LoadError error={found.error} onRetry={reload} /> : null}
      {found.status === 'ready' && arrangement ? (
        <div className="card">
          <p>
            {t('goodNeighbour.member.onScheme', {
              name,
              date: date(arrangement.startedAt),
              neighbours: arrangement.neighbours
                .filter(isServing)
                .map((n) => isolate(n.name))
                .join(t('common.listSeparator')) || t('goodNeighbour.member.nobody'),
            })}
          </p>
          <Link to={`/good-neighbour/arrangements/${arrangement.id}`}>{t('goodNeighbour.member.open', { name })}</Link>
        </div>
      ) : null}
      {found.status === 'ready' && !arrangement ? (
        <>
          <p className="section-intro">{t('goodNeighbour.member.intro')}</p>
          <Link className="button button--secondary" to={`/members/${member.id}/good-neighbour/convert`}>
            {t('goodNeighbour.member.convert')}
          </Link>
        </>
      ) : null}
    </section>
  );
}
