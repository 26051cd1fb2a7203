import { useRef, useState, type FormEvent } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../platform/api';
import { describeError } from '../../platform/errors';
import { SubmitButton, TextField } from '../../platform/forms';
import { isolate } from '../../platform/i18n';
import { ErrorNotice } from '../../platform/notices';
import { focusSoon, Page } from '../../platform/page';
import { portalApi } from './api';
import { useNeighbourSession } from './session';

/** Asks for the neighbour's email address and sends a sign-in link to it. */
export function SignInPage() {
  const { t } = useTranslation();
  const { state } = useNeighbourSession();
  const location = useLocation();
  const expired = (location.state as { expired?: boolean } | null)?.expired === true;
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  if (state.status === 'signedIn') return <Navigate to="/neighbour" replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFieldError(undefined);
    setProblem(null);
    const address = email.trim();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) {
      setFieldError(t('neighbourPortal.signIn.emailInvalid'));
      input.current?.focus();
      return;
    }
    setBusy(true);
    try {
      await portalApi.askForLink(address);
      setSentTo(address);
      focusSoon('check-email');
    } catch (error) {
      if (error instanceof ApiError && error.code === 'too_many_sign_in_links') setProblem(t('neighbourPortal.signIn.tooMany'));
      else if (error instanceof ApiError && error.code === 'validation_failed') setFieldError(t('neighbourPortal.signIn.emailInvalid'));
      else setProblem(describeError(error, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={t('neighbourPortal.signIn.title')}>
      {sentTo ? (
        <section className="portal-panel" aria-labelledby="check-email">
          <h2 id="check-email" tabIndex={-1}>
            {t('neighbourPortal.signIn.checkTitle')}
          </h2>
          <p>{t('neighbourPortal.signIn.checkBody', { email: isolate(sentTo) })}</p>
          <p>{t('neighbourPortal.signIn.checkHint')}</p>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              setSentTo(null);
              focusSoon('neighbour-email');
            }}
          >
            {t('neighbourPortal.signIn.again')}
          </button>
        </section>
      ) : (
        <>
          {expired ? (
            <div className="notice notice--info">
              <p>{t('neighbourPortal.signIn.expired')}</p>
            </div>
          ) : null}
          <p className="page-intro">{t('neighbourPortal.signIn.intro')}</p>
          <ErrorNotice message={problem} />
          <form className="form portal-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="page-title">
            <TextField
              ref={input}
              id="neighbour-email"
              type="email"
              autoComplete="email"
              inputMode="email"
              label={t('neighbourPortal.signIn.email')}
              hint={t('neighbourPortal.signIn.emailHint')}
              value={email}
              error={fieldError}
              onValueChange={setEmail}
              required
            />
            <SubmitButton busy={busy}>{t('neighbourPortal.signIn.send')}</SubmitButton>
          </form>
        </>
      )}
    </Page>
  );
}
