import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { roles, type Role } from '../platform/auth';
import { describeError, noErrors, type FormErrors } from '../platform/errors';
import { useConfirm } from '../platform/confirm';
import { useFormatters } from '../platform/format';
import { CheckboxField, ErrorSummary, SelectField, StatusMessage, SubmitButton, TextField, useFormSending } from '../platform/forms';
import { isolate } from '../platform/i18n';
import { LoadError, Loading } from '../platform/notices';
import { Page, focusSoon } from '../platform/page';
import { useResource } from '../platform/resource';
import { TableRegion } from '../platform/tables';
import { tokensApi, type ApiToken, type NewApiToken } from './api';

const NAME_MAX_LENGTH = 100;

export function ApiTokensPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<string | null>(null);
  const [tokens, reload, updateTokens] = useResource((signal) => tokensApi.list(signal), []);
  const [created, setCreated] = useState<NewApiToken | null>(null);

  return (
    <Page title={t('tokens.title')} intro={t('tokens.intro')}>
      <StatusMessage message={status} />
      {created ? (
        <NewTokenBox
          token={created}
          onStatus={setStatus}
          onDone={() => {
            setCreated(null);
            setStatus(null);
            focusSoon('tokens-new-name');
          }}
        />
      ) : null}
      <section aria-labelledby="tokens-list-heading" className="section">
        <h2 id="tokens-list-heading">{t('tokens.listHeading')}</h2>
        {tokens.status === 'loading' ? <Loading /> : null}
        {tokens.status === 'error' ? <LoadError error={tokens.error} onRetry={reload} /> : null}
        {tokens.status === 'ready' ? (
          <TokensTable
            items={tokens.data.items}
            onRevoked={(token, revokedAt) => {
              updateTokens((current) => ({
                items: current.items.map((item) => (item.id === token.id ? { ...item, revokedAt } : item)),
              }));
              if (created?.id === token.id) setCreated(null);
              setStatus(t('tokens.revoke.done', { name: isolate(token.name) }));
            }}
            onStatus={setStatus}
          />
        ) : null}
      </section>
      <section aria-labelledby="tokens-create-heading" className="section">
        <h2 id="tokens-create-heading">{t('tokens.create.heading')}</h2>
        <CreateTokenForm
          onCreated={(token) => {
            const { token: _secret, ...listed } = token;
            updateTokens((current) => ({ items: [listed, ...current.items] }));
            setCreated(token);
            setStatus(t('tokens.create.done', { name: isolate(token.name) }));
          }}
        />
      </section>
    </Page>
  );
}

/**
 * The new token's secret, shown this once. It takes focus so that keyboard and
 * screen reader users land on it and hear the warning first.
 */
function NewTokenBox({
  token,
  onStatus,
  onDone,
}: {
  token: NewApiToken;
  onStatus(message: string): void;
  onDone(): void;
}) {
  const { t } = useTranslation();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, [token.id]);

  async function copy() {
    const input = inputRef.current;
    try {
      await navigator.clipboard.writeText(token.token);
      onStatus(t('tokens.secret.copied'));
    } catch {
      // Without clipboard access (an insecure origin, or permission refused),
      // select the text so that the reader can copy it with their keyboard.
      input?.focus();
      input?.select();
      onStatus(t('tokens.secret.copyManually'));
    }
  }

  return (
    <section className="token-box" aria-labelledby="tokens-secret-heading">
      <h2 id="tokens-secret-heading" tabIndex={-1} ref={headingRef}>
        {t('tokens.secret.heading', { name: isolate(token.name) })}
      </h2>
      <p className="token-box__warning" id="tokens-secret-warning">
        <strong>{t('tokens.secret.warningLead')}</strong> {t('tokens.secret.warning')}
      </p>
      <div className="field">
        <label htmlFor="tokens-secret">{t('tokens.secret.label')}</label>
        <input
          ref={inputRef}
          id="tokens-secret"
          className="token-box__value"
          type="text"
          readOnly
          dir="ltr"
          spellCheck={false}
          autoComplete="off"
          value={token.token}
          aria-describedby="tokens-secret-warning tokens-secret-usage"
          onFocus={(e) => e.currentTarget.select()}
        />
      </div>
      <p className="field__hint" id="tokens-secret-usage">
        {t('tokens.secret.usage')} <code dir="ltr">Authorization: Bearer …</code>
      </p>
      <div className="button-row">
        <button type="button" className="button" onClick={() => void copy()}>
          {t('tokens.secret.copy')}
        </button>
        <button type="button" className="button button--secondary" onClick={onDone}>
          {t('tokens.secret.done')}
        </button>
      </div>
    </section>
  );
}

interface TokensTableProps {
  items: ApiToken[];
  onRevoked(token: ApiToken, revokedAt: string): void;
  onStatus(message: string): void;
}

function TokensTable({ items, onRevoked, onStatus }: TokensTableProps) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const [showRevoked, setShowRevoked] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [rowError, setRowError] = useState<{ id: string; message: string } | null>(null);
  const [confirm, dialog] = useConfirm();
  const captionRef = useRef<HTMLTableCaptionElement>(null);

  const revokedCount = items.filter((token) => token.revokedAt).length;
  const shown = items.filter((token) => showRevoked || !token.revokedAt);

  async function revoke(token: ApiToken) {
    const ok = await confirm({
      title: t('tokens.revoke.title', { name: isolate(token.name) }),
      body: <p>{t('tokens.revoke.body')}</p>,
      confirmLabel: t('tokens.revoke.confirm'),
      destructive: true,
    });
    if (!ok) return;
    setBusy(token.id);
    setRowError(null);
    try {
      await tokensApi.revoke(token.id);
      onRevoked(token, new Date().toISOString());
      // The row (or at least its button) goes away; carry on from the table.
      requestAnimationFrame(() => captionRef.current?.focus());
    } catch (error) {
      const message = describeError(error, t);
      setRowError({ id: token.id, message });
      onStatus(message);
      focusSoon(`token-${token.id}-revoke`);
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      {revokedCount > 0 ? (
        <CheckboxField
          id="tokens-show-revoked"
          label={t('tokens.showRevoked', { count: revokedCount })}
          checked={showRevoked}
          onCheckedChange={setShowRevoked}
        />
      ) : null}
      <TableRegion label={t('tokens.tableLabel')}>
        <table className="data-table">
          <caption ref={captionRef} tabIndex={-1}>
            {t('tokens.caption', { count: shown.length })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('tokens.columns.name')}</th>
              <th scope="col">{t('tokens.columns.role')}</th>
              <th scope="col">{t('tokens.columns.created')}</th>
              <th scope="col">{t('tokens.columns.lastUsed')}</th>
              <th scope="col">{t('tokens.columns.status')}</th>
              <th scope="col">{t('tokens.columns.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.length === 0 ? (
              <tr>
                <td colSpan={6}>{t('tokens.empty')}</td>
              </tr>
            ) : null}
            {shown.map((token) => {
              const error = rowError?.id === token.id ? rowError.message : null;
              const errorId = `token-${token.id}-error`;
              return (
                <tr key={token.id} className={token.revokedAt ? 'row--muted' : undefined}>
                  <th scope="row">
                    <bdi>{token.name}</bdi>
                  </th>
                  <td>{t(`roles.${token.role}`)}</td>
                  <td>
                    <time dateTime={token.createdAt}>{fmt.dateTime(token.createdAt)}</time>
                    {token.createdBy ? (
                      <>
                        <br />
                        <span className="muted">{t('tokens.createdBy', { name: isolate(token.createdBy) })}</span>
                      </>
                    ) : null}
                  </td>
                  <td>
                    {token.lastUsedAt ? (
                      <time dateTime={token.lastUsedAt}>{fmt.dateTime(token.lastUsedAt)}</time>
                    ) : (
                      t('tokens.neverUsed')
                    )}
                  </td>
                  <td>
                    {token.revokedAt ? (
                      <>
                        <span className="badge badge--muted">{t('tokens.status.revoked')}</span>
                        <br />
                        <time dateTime={token.revokedAt} className="muted">
                          {fmt.dateTime(token.revokedAt)}
                        </time>
                      </>
                    ) : (
                      <span className="badge badge--ok">{t('tokens.status.active')}</span>
                    )}
                  </td>
                  <td>
                    {token.revokedAt ? null : (
                      <button
                        type="button"
                        id={`token-${token.id}-revoke`}
                        className="button button--small button--danger-outline"
                        disabled={busy === token.id}
                        aria-label={t('tokens.revoke.buttonFor', { name: token.name })}
                        aria-describedby={error ? errorId : undefined}
                        onClick={() => void revoke(token)}
                      >
                        {t('tokens.revoke.button')}
                      </button>
                    )}
                    {error ? (
                      <p className="field__error" id={errorId}>
                        {error}
                      </p>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableRegion>
      {dialog}
    </>
  );
}

function CreateTokenForm({ onCreated }: { onCreated(token: NewApiToken): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  // No role is chosen in advance, so that nobody hands out administrator access by default.
  const [role, setRole] = useState<Role | ''>('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);

  const labels = { name: t('tokens.create.name'), role: t('tokens.create.role') };
  const ids = { name: 'tokens-new-name', role: 'tokens-new-role' };
  const { busy, sendForm } = useFormSending(setErrors);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = name.trim();
    const fields: Record<string, string> = {};
    if (!trimmed) fields.name = t('forms.required', { field: labels.name });
    if (!role) fields.role = t('tokens.create.chooseRoleError');
    if (!trimmed || !role) {
      setErrors({ message: null, fields });
      return;
    }
    await sendForm({}, async () => {
      const token = await tokensApi.create({ name: trimmed, role });
      setName('');
      setRole('');
      onCreated(token);
    });
  }

  return (
    <>
      <ErrorSummary errors={errors} fieldIds={ids} fieldLabels={labels} />
      <form className="form card" noValidate onSubmit={submit} aria-labelledby="tokens-create-heading">
        <div className="form-grid">
          <TextField
            id={ids.name}
            label={labels.name}
            hint={t('tokens.create.nameHint')}
            autoComplete="off"
            dir="auto"
            maxLength={NAME_MAX_LENGTH}
            value={name}
            onValueChange={setName}
            error={errors.fields.name}
            required
          />
          <SelectField
            id={ids.role}
            label={labels.role}
            hint={t('tokens.create.roleHint')}
            value={role}
            options={[
              { value: '', label: t('tokens.create.chooseRole') },
              ...roles.map((r) => ({ value: r, label: t(`roles.${r}`) })),
            ]}
            onValueChange={(v) => setRole(roles.find((r) => r === v) ?? '')}
            error={errors.fields.role}
            required
          />
        </div>
        <SubmitButton busy={busy} busyLabel={t('tokens.create.creating')}>
          {t('tokens.create.submit')}
        </SubmitButton>
      </form>
    </>
  );
}
