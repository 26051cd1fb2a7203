import { useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { can, useAuth, type Role } from './auth';
import { LanguageSwitcher } from './LanguageSwitcher';
import { canRunScheme } from '../good-neighbour/api';
import { canSeeProgrammes } from '../programmes/api';
import { canReadDirectory } from '../directory/api';
import { canRefer } from '../referrals/api';

interface NavItem {
  to: string;
  label: string;
  allowed(role: Role): boolean;
  /** Active only on this exact path, not on paths below it. */
  end?: boolean;
}

/**
 * After a client-side navigation, focuses the new screen's heading so that keyboard and screen
 * reader users start at the top of the new content. The first page load keeps the browser's own
 * focus order (skip link first).
 */
export function useFocusOnNavigation(): void {
  const location = useLocation();
  const shownPath = useRef(location.pathname);
  useEffect(() => {
    if (shownPath.current === location.pathname) return;
    shownPath.current = location.pathname;
    const heading = document.getElementById('page-title');
    (heading ?? document.getElementById('main'))?.focus();
  }, [location.pathname]);
}

/** The first thing on every page for keyboard users: straight past the header to the content. */
export function SkipLink() {
  const { t } = useTranslation();
  return (
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
  );
}

/** Hearth's flame, beside the name in the header. */
export function BrandMark() {
  return (
    <svg aria-hidden="true" focusable="false" viewBox="0 0 32 32" width="28" height="28" className="brand__mark">
      <path d="M16 4c2.2 4.4 6.6 6.6 6.6 13.2a6.6 6.6 0 0 1-13.2 0c0-3.3 2.2-5.5 3.3-7.7 0 3.3 1.1 4.4 2.2 4.4 0-3.3-1.1-6.6 1.1-9.9z" fill="#ffb347" />
      <rect x="6" y="26" width="20" height="2.6" rx="1.3" fill="#fff4e6" />
    </svg>
  );
}

export function Layout() {
  const { t } = useTranslation();
  const { user, signOut } = useAuth();
  const navigate = useNavigate();
  useFocusOnNavigation();

  const items: NavItem[] = [
    { to: '/branches', label: t('nav.branches'), allowed: can.readBranches },
    { to: '/desk', label: t('circulation.nav'), allowed: can.useDesk, end: true },
    { to: '/desk/returns', label: t('circulation.returnsNav'), allowed: can.useDesk },
    { to: '/catalogue', label: t('catalogue.nav'), allowed: can.readCatalogue },
    { to: '/catalogue/import', label: t('catalogueImport.nav'), allowed: can.importCatalogue },
    { to: '/members', label: t('members.nav'), allowed: can.readMembers },
    { to: '/good-neighbour', label: t('goodNeighbour.nav'), allowed: canRunScheme },
    { to: '/programmes', label: t('programmes.nav'), allowed: canSeeProgrammes },
    { to: '/directory', label: t('directory.nav'), allowed: canReadDirectory },
    { to: '/referrals', label: t('referrals.nav'), allowed: canRefer },
    { to: '/notices', label: t('notices.nav'), allowed: can.runNotices },
    { to: '/policies', label: t('policies.nav'), allowed: can.managePolicies },
    { to: '/staff', label: t('nav.staff'), allowed: can.manageStaff },
    { to: '/partners', label: t('nav.partners'), allowed: can.readPartners },
    { to: '/outbox', label: t('nav.outbox'), allowed: can.readOutbox },
    { to: '/audit', label: t('nav.audit'), allowed: can.readAudit },
    { to: '/tokens', label: t('nav.tokens'), allowed: can.manageTokens },
  ];
  const visible = user ? items.filter((item) => item.allowed(user.role)) : [];

  return (
    <div className="app">
      <SkipLink />
      <header className="site-header">
        <div className="site-header__bar">
          <Link to="/" className="brand">
            <BrandMark />
            <span className="brand__name">{t('shell.appName')}</span>
            {user ? <bdi className="brand__tenant">{user.tenantName}</bdi> : null}
          </Link>
          <div className="site-header__tools">
            <LanguageSwitcher />
            {user ? (
              <div className="account">
                <span className="account__name">
                  <span className="visually-hidden">{t('shell.signedInAs')} </span>
                  <bdi>{user.name}</bdi>
                </span>
                <button
                  type="button"
                  className="button button--header"
                  onClick={() => {
                    void signOut().finally(() => navigate('/sign-in', { replace: true }));
                  }}
                >
                  {t('shell.signOut')}
                </button>
              </div>
            ) : null}
          </div>
        </div>
        {visible.length > 0 ? (
          <nav className="site-nav" aria-label={t('nav.label')}>
            <ul>
              {visible.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.end}>
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </header>
      <main id="main" tabIndex={-1} className="site-main">
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>{t('shell.footer')}</p>
      </footer>
    </div>
  );
}
