import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../platform/auth';
import { noErrors, type FormErrors } from '../platform/errors';
import { ErrorSummary, SubmitButton, TextField, useFormSending } from '../platform/forms';
import { safeNext } from '../platform/guards';
import { Loading } from '../platform/notices';
import { Page } from '../platform/page';

export function SignInPage() {
  const { t } = useTranslation();
  const { state, signIn } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const { busy, sendForm } = useFormSending(setErrors);

  if (state.status === 'loading') return <Loading />;
  if (state.status === 'authenticated' && !busy) return <Navigate to={next} replace />;

  const labels = { email: t('signIn.email'), password: t('signIn.password') };
  const ids = { email: 'sign-in-email', password: 'sign-in-password' };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (!email.trim()) fields.email = t('forms.required', { field: labels.email });
    if (!password) fields.password = t('forms.required', { field: labels.password });
    await sendForm(
      fields,
      async () => {
        await signIn(email.trim(), password);
        navigate(next, { replace: true });
      },
      (_error, errors) => {
        setPassword('');
        return errors;
      },
    );
  }

  return (
    <div className="narrow">
      <Page title={t('signIn.title')} intro={t('signIn.intro')}>
        {params.get('expired') === '1' && !errors.message ? (
          <div className="notice notice--info">
            <p>{t('signIn.expired')}</p>
          </div>
        ) : null}
        <ErrorSummary errors={errors} fieldIds={ids} fieldLabels={labels} />
        <form className="form card" noValidate onSubmit={submit} aria-labelledby="page-title">
          <TextField
            id={ids.email}
            label={labels.email}
            type="email"
            autoComplete="username"
            inputMode="email"
            spellCheck={false}
            dir="ltr"
            value={email}
            onValueChange={setEmail}
            error={errors.fields.email}
            required
          />
          <TextField
            id={ids.password}
            label={labels.password}
            type="password"
            autoComplete="current-password"
            dir="ltr"
            value={password}
            onValueChange={setPassword}
            error={errors.fields.password}
            required
          />
          <SubmitButton busy={busy} busyLabel={t('signIn.signingIn')}>
            {t('signIn.submit')}
          </SubmitButton>
        </form>
      </Page>
    </div>
  );
}
