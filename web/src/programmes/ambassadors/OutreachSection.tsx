import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useConfirm } from '../../platform/confirm';
import { describeError } from '../../platform/errors';
import { useFormatters } from '../../platform/format';
import { ErrorSummary, FormActions, SelectField, TextAreaField, TextField, useFormSending, useFormState } from '../../platform/forms';
import { isolate } from '../../platform/i18n';
import { ErrorNotice } from '../../platform/notices';
import { useResource } from '../../platform/resource';
import { LoadedTable } from '../../platform/tables';
import { todayIso } from '../api';
import { ambassadorsApi, contactKinds, type Ambassador, type ContactKind, type OutreachContact } from './api';

interface OutreachSectionProps {
  programmeId: string;
  ambassadors: readonly Ambassador[];
  onStatus(message: string): void;
}

/** Schools and groups contacted about the programme, with follow-ups that are due marked out. */
export function OutreachSection({ programmeId, ambassadors, onStatus }: OutreachSectionProps) {
  const { t } = useTranslation();
  const [log, reload, update] = useResource((signal) => ambassadorsApi.outreach(programmeId, signal), [programmeId]);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirm, dialog] = useConfirm();

  async function remove(contact: OutreachContact) {
    const name = isolate(contact.contactName);
    const ok = await confirm({ title: t('programmeSessions.outreach.removeTitle', { name }), body: <p>{t('programmeSessions.outreach.removeBody')}</p>, confirmLabel: t('programmeSessions.outreach.remove'), destructive: true });
    if (!ok) return;
    setProblem(null);
    try {
      await ambassadorsApi.removeOutreach(contact.id);
      update((current) => ({ items: current.items.filter((c) => c.id !== contact.id) }));
      onStatus(t('programmeSessions.outreach.removed', { name }));
    } catch (error) {
      setProblem(describeError(error, t));
    }
  }

  return (
    <section className="section" aria-labelledby="outreach-heading">
      <h2 id="outreach-heading">{t('programmeSessions.outreach.heading')}</h2>
      <p className="section-intro">{t('programmeSessions.outreach.intro')}</p>
      <OutreachForm
        programmeId={programmeId}
        ambassadors={ambassadors}
        onAdded={(contact) => {
          reload();
          onStatus(t('programmeSessions.outreach.added', { name: isolate(contact.contactName) }));
        }}
      />
      <ErrorNotice message={problem} />
      <LoadedTable
        resource={log}
        onRetry={reload}
        empty={t('programmeSessions.outreach.empty')}
        caption={t('programmeSessions.outreach.caption', { count: log.data?.items.length ?? 0 })}
        columns={[t('programmeSessions.outreach.contactName'), t('programmeSessions.outreach.contactKind'), t('programmeSessions.outreach.contactedOn'), t('programmeSessions.outreach.ambassadorId'), t('programmeSessions.outreach.outcome'), t('programmeSessions.outreach.followUpOn'), t('programmeSessions.ambassadors.actions')]}
        rows={(items) => items.map((contact) => <OutreachRow key={contact.id} contact={contact} onRemove={() => void remove(contact)} />)}
      />
      {dialog}
    </section>
  );
}

function OutreachRow({ contact, onRemove }: { contact: OutreachContact; onRemove(): void }) {
  const { t } = useTranslation();
  const { date } = useFormatters();
  return (
    <tr className={contact.followUpDue ? 'outreach-row--due' : undefined}>
      <th scope="row">
        <bdi>{contact.contactName}</bdi>
      </th>
      <td>{t(`programmeSessions.outreach.kinds.${contact.contactKind}`)}</td>
      <td>{date(contact.contactedOn)}</td>
      <td>{contact.ambassador ? <bdi>{contact.ambassador.preferredName}</bdi> : t('programmeSessions.outreach.byStaff')}</td>
      <td>{contact.outcome ? <bdi className="pre-line">{contact.outcome}</bdi> : '—'}</td>
      <td>
        {contact.followUpOn ? date(contact.followUpOn) : '—'}
        {contact.followUpDue ? (
          <>
            {' '}
            <span className="badge badge--pending">{t('programmeSessions.outreach.followUpDue')}</span>
          </>
        ) : null}
      </td>
      <td>
        <button type="button" className="button button--secondary button--small" onClick={onRemove}>
          {t('programmeSessions.outreach.remove')}
          <span className="visually-hidden"> {contact.contactName}</span>
        </button>
      </td>
    </tr>
  );
}

function OutreachForm({ programmeId, ambassadors, onAdded }: { programmeId: string; ambassadors: readonly Ambassador[]; onAdded(contact: OutreachContact): void }) {
  const { t } = useTranslation();
  const initial = { contactName: '', contactKind: 'school', contactedOn: todayIso(), ambassadorId: '', outcome: '', followUpOn: '' };
  const form = useFormState({
    idPrefix: 'outreach',
    initial,
    labels: {
      contactName: t('programmeSessions.outreach.contactName'),
      contactKind: t('programmeSessions.outreach.contactKind'),
      contactedOn: t('programmeSessions.outreach.contactedOn'),
      ambassadorId: t('programmeSessions.outreach.ambassadorId'),
      outcome: t('programmeSessions.outreach.outcome'),
      followUpOn: t('programmeSessions.outreach.followUpOn'),
    },
  });
  const { busy, sendForm } = useFormSending(form.setErrors);
  const { values } = form;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (!values.contactName.trim()) fields.contactName = t('forms.required', { field: form.labels.contactName });
    if (!values.contactedOn) fields.contactedOn = t('forms.required', { field: form.labels.contactedOn });
    if (values.followUpOn && values.contactedOn && values.followUpOn < values.contactedOn) fields.followUpOn = t('programmeSessions.outreach.followUpBeforeContact');
    await sendForm(fields, async () => {
      const outcome = values.outcome.trim();
      const added = await ambassadorsApi.addOutreach(programmeId, {
        contactName: values.contactName.trim(),
        contactKind: values.contactKind as ContactKind,
        contactedOn: values.contactedOn,
        ...(values.ambassadorId && { ambassadorId: values.ambassadorId }),
        ...(outcome && { outcome }),
        ...(values.followUpOn && { followUpOn: values.followUpOn }),
      });
      form.setValues(initial);
      onAdded(added);
    });
  }

  return (
    <>
      <ErrorSummary errors={form.errors} fieldIds={form.ids} fieldLabels={form.labels} />
      <form className="form card" noValidate onSubmit={(e) => void submit(e)} aria-labelledby="outreach-heading">
        <div className="form-grid">
          <TextField {...form.field('contactName')} dir="auto" autoComplete="off" maxLength={200} />
          <SelectField {...form.field('contactKind')} options={contactKinds.map((kind) => ({ value: kind, label: t(`programmeSessions.outreach.kinds.${kind}`) }))} />
          <TextField {...form.field('contactedOn')} type="date" />
          <SelectField {...form.field('ambassadorId')} options={[{ value: '', label: t('programmeSessions.outreach.byStaff') }, ...ambassadors.map((a) => ({ value: a.id, label: a.preferredName }))]} />
          <TextField {...form.field('followUpOn')} type="date" optional />
        </div>
        <TextAreaField {...form.field('outcome')} optional dir="auto" maxLength={2000} />
        <FormActions busy={busy} submitLabel={t('programmeSessions.outreach.add')} />
      </form>
    </>
  );
}
