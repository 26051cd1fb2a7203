import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isolate } from '../../platform/i18n';
import { LoadError, Loading } from '../../platform/notices';
import { Page } from '../../platform/page';
import { useResource } from '../../platform/resource';
import { ambassadorsApi, type InvitationCards } from './api';
import './ambassadors.css';

/**
 * An ambassador's invitation cards, one per language she speaks, ready to print. The QR code is
 * SVG that Hearth's own server drew; it is shown as an image so none of its markup enters the page.
 */
export function InvitationCardsPage() {
  const { t } = useTranslation();
  const { id = '', ambassadorId = '' } = useParams();
  const [cards, reload] = useResource((signal) => ambassadorsApi.cards(ambassadorId, signal), [ambassadorId]);
  const [ambassadors] = useResource((signal) => ambassadorsApi.list(id, signal), [id]);
  const name = ambassadors.data?.items.find((a) => a.id === ambassadorId)?.preferredName;
  const title = name ? t('programmeSessions.cards.title', { name: isolate(name) }) : t('programmeSessions.cards.titleUnnamed');

  return (
    <Page title={title} intro={t('programmeSessions.cards.intro')}>
      <div className="button-row no-print">
        <Link to={`/programmes/${id}/ambassadors`}>{t('programmeSessions.cards.backToAmbassadors')}</Link>
        {cards.status === 'ready' ? (
          <button type="button" className="button" onClick={() => window.print()}>
            {t('programmeSessions.cards.print')}
          </button>
        ) : null}
      </div>
      {cards.status === 'loading' ? <Loading /> : null}
      {cards.status === 'error' ? <LoadError error={cards.error} onRetry={reload} /> : null}
      {cards.status === 'ready' ? <Cards invitation={cards.data} /> : null}
    </Page>
  );
}

function Cards({ invitation }: { invitation: InvitationCards }) {
  const { t, i18n } = useTranslation();
  const qr = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(invitation.qrSvg)}`;
  return (
    <ul className="invitation-cards" aria-label={t('programmeSessions.cards.cardsLabel')}>
      {invitation.cards.map((card) => (
        <li key={card.language} className="invitation-card" lang={card.language} dir={card.dir}>
          <h2 className="invitation-card__heading">{card.heading}</h2>
          <p className="invitation-card__programme">{card.programmeName}</p>
          <p className="pre-line">{card.body}</p>
          <img className="invitation-card__qr" src={qr} alt={t('programmeSessions.cards.qrAlt', { url: invitation.inviteUrl })} lang={i18n.language} width={160} height={160} />
          <p className="invitation-card__link" dir="ltr" lang="en">
            {invitation.inviteUrl}
          </p>
        </li>
      ))}
    </ul>
  );
}
