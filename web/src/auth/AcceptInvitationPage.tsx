import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../platform/auth';
import { noErrors, type FormErrors } from '../platform/errors';
import { ErrorSummary, SubmitButton, TextField, useFormSending } from '../platform/forms';
import { Page } from '../platform/page';

export const MIN_PASSWORD_LENGTH = 12;

export function AcceptInvitationPage() {
  const { t } = useTranslation();
  const { acceptInvitation } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const { busy, sendForm } = useFormSending(setErrors);

  const labels = { password: t('acceptInvitation.password'), confirm: t('acceptInvitation.confirm') };
  const ids = { password: 'invite-password', confirm: 'invite-confirm' };

  if (!token) {
    return (
      <div className="narrow">
        <Page title={t('acceptInvitation.title')}>
          <div className="notice notice--error" role="alert">
            <p>{t('acceptInvitation.missingToken')}</p>
          </div>
          <p>
            <Link to="/sign-in">{t('acceptInvitation.goToSignIn')}</Link>
          </p>
        </Page>
      </div>
    );
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (password.length < MIN_PASSWORD_LENGTH) {
      fields.password = t('acceptInvitation.tooShort', { count: MIN_PASSWORD_LENGTH });
    }
    if (confirm !== password) fields.confirm = t('acceptInvitation.mismatch');
    await sendForm(fields, async () => {
      await acceptInvitation(token, password);
      navigate('/', { replace: true });
    });
  }

  return (
    <div className="narrow">
      <Page title={t('acceptInvitation.title')} intro={t('acceptInvitation.intro')}>
        <ErrorSummary errors={errors} fieldIds={ids} fieldLabels={labels} />
        <form className="form card" noValidate onSubmit={submit} aria-labelledby="page-title">
          <TextField
            id={ids.password}
            label={labels.password}
            hint={t('acceptInvitation.passwordHint', { count: MIN_PASSWORD_LENGTH })}
            type="password"
            autoComplete="new-password"
            dir="ltr"
            minLength={MIN_PASSWORD_LENGTH}
            value={password}
            onValueChange={setPassword}
            error={errors.fields.password}
            required
          />
          <TextField
            id={ids.confirm}
            label={labels.confirm}
            type="password"
            autoComplete="new-password"
            dir="ltr"
            value={confirm}
            onValueChange={setConfirm}
            error={errors.fields.confirm}
            required
          />
          <SubmitButton busy={busy}>{t('acceptInvitation.submit')}</SubmitButton>
        </form>
      </Page>
    </div>
  );
}
