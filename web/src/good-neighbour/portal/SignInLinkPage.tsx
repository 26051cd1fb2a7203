import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../platform/api';
import { describeError } from '../../platform/errors';
import { Page } from '../../platform/page';
import { portalApi } from './api';
import { useNeighbourSession } from './session';

const LINK_PROBLEMS = ['link_invalid', 'link_expired', 'link_used'] as const;

/**
 * Where the emailed link lands. Signing in waits for a tap, so a mail scanner that opens links
 * to check them cannot use up the single-use link before the neighbour does.
 */
export function SignInLinkPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const { started } = useNeighbourSession();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function signIn() {
    setBusy(true);
    setProblem(null);
    try {
      started(await portalApi.signIn(token));
      navigate('/neighbour', { replace: true });
    } catch (error) {
      const code = error instanceof ApiError ? LINK_PROBLEMS.find((known) => known === error.code) : undefined;
      setProblem(code ? t(`neighbourPortal.link.${code}`) : describeError(error, t));
      setBusy(false);
    }
  }

  return (
    <Page title={t('neighbourPortal.link.title')}>
      {problem ? (
        <div className="notice notice--error" role="alert">
          <p>{problem}</p>
          <p>
            <Link to="/neighbour/sign-in">{t('neighbourPortal.link.newLink')}</Link>
          </p>
        </div>
      ) : (
        <>
          <p className="page-intro">{t('neighbourPortal.link.intro')}</p>
          <button type="button" className="button portal-wide" disabled={busy} onClick={() => void signIn()}>
            {busy ? t('neighbourPortal.link.busy') : t('neighbourPortal.link.button')}
          </button>
        </>
      )}
    </Page>
  );
}
