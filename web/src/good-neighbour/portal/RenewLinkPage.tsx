import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../platform/api';
import { describeError } from '../../platform/errors';
import { isolate } from '../../platform/i18n';
import { ErrorNotice, LoadError, Loading } from '../../platform/notices';
import { focusSoon, Page } from '../../platform/page';
import { useResource } from '../../platform/resource';
import { portalApi, type RenewResult } from './api';
import { RenewOutcome, useLongDate } from './parts';

const LINK_PROBLEMS = ['link_invalid', 'link_expired', 'link_used', 'link_revoked'] as const;
type LinkProblemCode = (typeof LINK_PROBLEMS)[number];
const linkProblem = (error: unknown): LinkProblemCode | null =>
  error instanceof ApiError && (LINK_PROBLEMS as readonly string[]).includes(error.code) ? (error.code as LinkProblemCode) : null;

/** Why the link cannot be used, and where to go instead. */
function LinkProblem({ code }: { code: LinkProblemCode }) {
  const { t } = useTranslation();
  return (
    <div className="notice notice--error" role="alert">
      <p>{t(`neighbourPortal.renewLink.problems.${code}`)}</p>
      <p>
        <Link to="/neighbour/sign-in">{t('neighbourPortal.renewLink.signIn')}</Link>
      </p>
    </div>
  );
}

/** The one-click renew link from a warning email: what it would renew, then a button that does it. */
export function RenewLinkPage() {
  const { t } = useTranslation();
  const longDate = useLongDate();
  const { token = '' } = useParams();
  const [link, reload] = useResource((signal) => portalApi.describeRenewLink(token, signal), [token]);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<RenewResult | null>(null);
  const [problem, setProblem] = useState<unknown>(null);

  async function renew() {
    setBusy(true);
    setProblem(null);
    try {
      setResult(await portalApi.useRenewLink(token));
      focusSoon('renew-outcome');
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  }

  if (link.status === 'loading') {
    return (
      <Page title={t('neighbourPortal.renewLink.title')}>
        <Loading />
      </Page>
    );
  }
  if (link.status === 'error') {
    const code = linkProblem(link.error);
    return (
      <Page title={t('neighbourPortal.renewLink.title')}>{code ? <LinkProblem code={code} /> : <LoadError error={link.error} onRetry={reload} />}</Page>
    );
  }
  const { reader, library, loans } = link.data;
  const usedUp = linkProblem(problem);
  return (
    <Page title={t('neighbourPortal.renewLink.titleFor', { name: isolate(reader) })}>
      <p className="page-intro">{t('neighbourPortal.renewLink.intro', { library: isolate(library), name: isolate(reader), count: loans.length })}</p>
      <ul className="portal-plain-list">
        {loans.map((loan, index) => (
          <li key={`${loan.title}-${index}`}>
            <bdi className="portal-book__title">{loan.title}</bdi>
            {loan.author ? (
              <span className="portal-book__authors">
                <bdi>{loan.author}</bdi>
              </span>
            ) : null}
            <span className="muted">
              {t(`neighbourPortal.formats.${loan.format}`)} · {t('neighbourPortal.renewLink.due', { date: longDate(loan.dueDate) })}
            </span>
            {loan.misplaced ? <span className="badge badge--danger">{t('neighbourPortal.renewLink.misplaced')}</span> : null}
          </li>
        ))}
      </ul>
      {result ? (
        <>
          <RenewOutcome result={result} headingLevel={2} />
          <p>{t('neighbourPortal.renewLink.done')}</p>
          <p>
            <Link to="/neighbour">{t('neighbourPortal.renewLink.portal')}</Link>
          </p>
        </>
      ) : usedUp ? (
        <LinkProblem code={usedUp} />
      ) : (
        <>
          <ErrorNotice message={problem ? describeError(problem, t) : null} />
          <button type="button" className="button portal-wide" disabled={busy || loans.length === 0} onClick={() => void renew()}>
            {busy ? t('neighbourPortal.renew.busy') : t('neighbourPortal.renewLink.button', { count: loans.length })}
          </button>
        </>
      )}
    </Page>
  );
}
