import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../platform/auth';
import { describeError } from '../platform/errors';
import { useFormatters } from '../platform/format';
import { ErrorNotice, LoadError, Loading } from '../platform/notices';
import { ErrorSummary, FormActions, SelectField, StatusMessage, TextAreaField, TextField, useFormSending, useFormState } from '../platform/forms';
import { isolate } from '../platform/i18n';
import { focusSoon } from '../platform/page';
import { useResource } from '../platform/resource';
import { DataTable } from '../platform/tables';
import type { Organisation, Partnership } from '../organisation/api';
import { agreementsApi, canAcceptAgreements, canPublishAgreements, type Agreement } from './api';

interface AgreementsSectionProps {
  partnership: Partnership;
  organisations: Organisation[];
  /** Accepting the current agreement makes the organisation a member, so the partnership's members change. */
  onMembersChanged(): void;
}

/**
 * A partnership's data-sharing agreement: its current text in full, who accepted which version and
 * when, accepting it for an organisation, and (for administrators) publishing a new version.
 */
export function AgreementsSection({ partnership, organisations, onMembersChanged }: AgreementsSectionProps) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const [agreements, reload] = useResource((signal) => agreementsApi.list(partnership.id, signal), [partnership.id]);
  const [status, setStatus] = useState<string | null>(null);
  const headingId = `agreement-${partnership.id}-heading`;

  function changed(message: string, membersChanged: boolean) {
    setStatus(message);
    reload();
    if (membersChanged) onMembersChanged();
  }

  return (
    <section className="subsection" aria-labelledby={headingId}>
      <h4 id={headingId}>{t('directory.agreements.heading')}</h4>
      <StatusMessage message={status} />
      {agreements.status === 'loading' ? <Loading /> : null}
      {agreements.status === 'error' ? <LoadError error={agreements.error} onRetry={reload} /> : null}
      {agreements.status === 'ready' ? (
        <AgreementDetails partnership={partnership} agreements={agreements.data.items} organisations={organisations} onAccepted={(message) => changed(message, true)} />
      ) : null}
      {user && canPublishAgreements(user.role) ? (
        <PublishForm partnership={partnership} onPublished={(agreement) => changed(t('directory.agreements.published', { version: isolate(agreement.version) }), false)} />
      ) : null}
    </section>
  );
}

interface AgreementDetailsProps {
  partnership: Partnership;
  agreements: Agreement[];
  organisations: Organisation[];
  onAccepted(message: string): void;
}

function AgreementDetails({ partnership, agreements, organisations, onAccepted }: AgreementDetailsProps) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const fmt = useFormatters();
  const current = agreements.find((agreement) => agreement.current);
  if (!current) return <p>{t('directory.agreements.none')}</p>;
  const acceptances = agreements.flatMap((agreement) => agreement.acceptances.map((acceptance) => ({ ...acceptance, version: agreement.version, agreementId: agreement.id })));
  const acceptedCurrent = new Set(current.acceptances.map((acceptance) => acceptance.organisation.id));
  const textId = `agreement-${current.id}-text`;

  return (
    <>
      <p>{t('directory.agreements.current', { version: isolate(current.version), date: fmt.date(current.publishedAt) })}</p>
      <div className="card pre-line" id={textId} dir="auto">
        {current.body}
      </div>
      {user && canAcceptAgreements(user.role) ? (
        <AcceptControl
          partnership={partnership}
          agreement={current}
          textId={textId}
          candidates={user.role === 'partner_caseworker' ? null : organisations.filter((o) => !acceptedCurrent.has(o.id))}
          alreadyAccepted={user.role === 'partner_caseworker' && !!user.organisationId && acceptedCurrent.has(user.organisationId)}
          onAccepted={onAccepted}
        />
      ) : null}
      {acceptances.length === 0 ? (
        <p>{t('directory.agreements.noAcceptances')}</p>
      ) : (
        <DataTable
          caption={t('directory.agreements.acceptancesCaption', { partnership: partnership.name })}
          columns={[t('directory.agreements.organisation'), t('directory.agreements.version'), t('directory.agreements.acceptedAt'), t('directory.agreements.acceptedBy')]}
        >
          {acceptances.map((acceptance) => (
            <tr key={`${acceptance.agreementId}-${acceptance.organisation.id}`}>
              <td>
                <bdi>{acceptance.organisation.name}</bdi>
              </td>
              <td>
                <bdi>{acceptance.version}</bdi>
                {acceptance.agreementId === current.id ? null : <span className="muted"> {t('directory.agreements.superseded')}</span>}
              </td>
              <td>{fmt.dateTime(acceptance.acceptedAt)}</td>
              <td>
                <bdi>{acceptance.acceptedByName}</bdi>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}

interface AcceptControlProps {
  partnership: Partnership;
  agreement: Agreement;
  /** The agreement's text, which the button says was read. */
  textId: string;
  /** Organisations an administrator may accept for; null for a caseworker, who accepts for her own. */
  candidates: Organisation[] | null;
  alreadyAccepted: boolean;
  onAccepted(message: string): void;
}

function AcceptControl({ partnership, agreement, textId, candidates, alreadyAccepted, onAccepted }: AcceptControlProps) {
  const { t } = useTranslation();
  const [organisationId, setOrganisationId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const selectId = `agreement-${agreement.id}-organisation`;
  const buttonId = `agreement-${agreement.id}-accept`;

  if (alreadyAccepted) return <p>{t('directory.agreements.youAccepted', { version: isolate(agreement.version) })}</p>;
  if (candidates && candidates.length === 0) return <p className="muted">{t('directory.agreements.allAccepted')}</p>;

  async function accept(event: FormEvent) {
    event.preventDefault();
    if (candidates && !organisationId) {
      setError(t('directory.agreements.chooseOrganisation'));
      focusSoon(selectId);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await agreementsApi.accept(partnership.id, agreement.id, candidates ? organisationId : undefined);
      const name = candidates?.find((o) => o.id === organisationId)?.name;
      onAccepted(
        name
          ? t('directory.agreements.acceptedFor', { organisation: isolate(name), version: isolate(agreement.version) })
          : t('directory.agreements.acceptedByYou', { version: isolate(agreement.version) }),
      );
    } catch (e) {
      setError(describeError(e, t));
      focusSoon(candidates ? selectId : buttonId);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="inline-form" noValidate onSubmit={(e) => void accept(e)}>
      {candidates ? (
        <SelectField
          id={selectId}
          label={t('directory.agreements.acceptFor')}
          value={organisationId}
          options={[{ value: '', label: t('directory.agreements.choose') }, ...candidates.map((o) => ({ value: o.id, label: o.name }))]}
          onValueChange={(value) => {
            setOrganisationId(value);
            setError(null);
          }}
          error={error ?? undefined}
        />
      ) : (
        <ErrorNotice message={error} />
      )}
      <button type="submit" id={buttonId} className="button" disabled={busy} aria-describedby={textId}>
        {busy ? t('forms.sending') : candidates ? t('directory.agreements.accept', { version: agreement.version }) : t('directory.agreements.acceptMine', { version: agreement.version })}
      </button>
    </form>
  );
}

function PublishForm({ partnership, onPublished }: { partnership: Partnership; onPublished(agreement: Agreement): void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const prefix = `agreement-${partnership.id}-new`;
  const form = useFormState<'version' | 'body'>({
    idPrefix: prefix,
    initial: { version: '', body: '' },
    labels: { version: t('directory.agreements.form.version'), body: t('directory.agreements.form.body') },
  });
  const { busy, sendForm } = useFormSending(form.setErrors);

  if (!open) {
    return (
      <div className="button-row">
        <button type="button" id={`${prefix}-open`} className="button button--secondary" onClick={() => { setOpen(true); focusSoon(form.ids.version); }}>
          {t('directory.agreements.form.open')}
        </button>
      </div>
    );
  }

  async function publish(event: FormEvent) {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (!form.values.version.trim()) fields.version = t('forms.required', { field: form.labels.version });
    if (!form.values.body.trim()) fields.body = t('forms.required', { field: form.labels.body });
    await sendForm(fields, async () => {
      onPublished(await agreementsApi.publish(partnership.id, { version: form.values.version.trim(), body: form.values.body.trim() }));
      form.setValues({ version: '', body: '' });
      setOpen(false);
      focusSoon(`${prefix}-open`);
    });
  }

  const headingId = `${prefix}-heading`;
  return (
    <div className="subsection">
      <h5 id={headingId}>{t('directory.agreements.form.heading', { partnership: partnership.name })}</h5>
      <ErrorSummary errors={form.errors} fieldIds={form.ids} fieldLabels={form.labels} />
      <form className="form" noValidate onSubmit={(e) => void publish(e)} aria-labelledby={headingId}>
        <TextField {...form.field('version')} hint={t('directory.agreements.form.versionHint')} dir="auto" maxLength={40} autoComplete="off" required />
        <TextAreaField {...form.field('body')} hint={t('directory.agreements.form.bodyHint')} dir="auto" rows={10} required />
        <FormActions busy={busy} submitLabel={t('directory.agreements.form.submit')} onCancel={() => { setOpen(false); focusSoon(`${prefix}-open`); }} />
      </form>
    </div>
  );
}
