import { useEffect, useRef } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LanguageSwitcher } from '../../platform/LanguageSwitcher';
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
          <svg aria-hidden="true" focusable="false" viewBox="0 0 32 32" width="28" height="28" className="brand__mark">
            <path d="M16 4c2.2 4.4 6.6 6.6 6.6 13.2a6.6 6.6 0 0 1-13.2 0c0-3.3 2.2-5.5 3.3-7.7 0 3.3 1.1 4.4 2.2 4.4 0-3.3-1.1-6.6 1.1-9.9z" fill="#ffb347" />
            <rect x="6" y="26" width="20" height="2.6" rx="1.3" fill="#fff4e6" />
          </svg>
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
  const location = useLocation();
  const shownPath = useRef(location.pathname);

  // As in the staff layout: after moving to another screen, its heading takes focus.
  useEffect(() => {
    if (shownPath.current === location.pathname) return;
    shownPath.current = location.pathname;
    (document.getElementById('page-title') ?? document.getElementById('main'))?.focus();
  }, [location.pathname]);

  return (
    <NeighbourSessionProvider>
      <div className="app portal">
        <a
          className="skip-link"
          href="#main"
          onClick={(e) => {
            e.preventDefault();
            document.getElementById('main')?.focus();
          }}
        >
          {t('shell.skipToContent')}
        </a>
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
