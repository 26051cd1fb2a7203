import { Link, Outlet, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LanguageSwitcher } from '../../platform/LanguageSwitcher';
import { BrandMark, SkipLink, useFocusOnNavigation } from '../../platform/Layout';
import { NeighbourSessionProvider, useNeighbourSession } from './session';
import './portal.css';

function PortalHeader() {
  const { t } = useTranslation();
  const { state, signOut } = useNeighbourSession();
  const navigate = useNavigate();
  return (
    <header className="site-header">
      <div className="site-header__bar portal-header">
        <Link to="/neighbour" className="brand">
          <BrandMark />
          <span className="brand__name">{t('neighbourPortal.shell.name')}</span>
        </Link>
        <div className="site-header__tools">
          <LanguageSwitcher />
          {state.status === 'signedIn' ? (
            <button
              type="button"
              className="button button--header"
              onClick={() => {
                void signOut().then(() => navigate('/neighbour/sign-in', { replace: true }));
              }}
            >
              {t('neighbourPortal.shell.signOut')}
              <span className="visually-hidden">
                {' '}
                <bdi>{state.neighbour.name}</bdi>
              </span>
            </button>
          ) : null}
        </div>
      </div>
    </header>
  );
}

/** The Good Neighbour portal's own frame: small, for a phone, with no staff navigation. */
export function PortalLayout() {
  const { t } = useTranslation();
  useFocusOnNavigation();

  return (
    <NeighbourSessionProvider>
      <div className="app portal">
        <SkipLink />
        <PortalHeader />
        <main id="main" tabIndex={-1} className="site-main portal-main">
          <Outlet />
        </main>
        <footer className="site-footer">
          <p>{t('neighbourPortal.shell.footer')}</p>
        </footer>
      </div>
    </NeighbourSessionProvider>
  );
}
