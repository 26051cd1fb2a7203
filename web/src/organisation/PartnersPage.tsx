import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useAuth } from '../platform/auth';
import { useConfirm } from '../platform/confirm';
import { describeError, noErrors, toFormErrors, type FormErrors } from '../platform/errors';
import { useFormatters } from '../platform/format';
import { ErrorSummary, FormActions, SelectField, StatusMessage, SubmitButton, TextAreaField, TextField, useFormSending } from '../platform/forms';
import { isolate } from '../platform/i18n';
import { LoadError, Loading } from '../platform/notices';
import { Page, focusSoon } from '../platform/page';
import { useResource } from '../platform/resource';
import { TableRegion } from '../platform/tables';
import {
  organisationKinds,
  organisationsApi,
  partnershipsApi,
  type Organisation,
  type OrganisationInput,
  type OrganisationKind,
  type Partnership,
} from './api';
import { AgreementsSection } from '../directory/AgreementsSection';

export function PartnersPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const canManage = !!user && can.managePartners(user.role);
  const [status, setStatus] = useState<string | null>(null);
  const [organisations, reloadOrganisations, updateOrganisations] = useResource(
    (signal) => organisationsApi.list(signal),
    [],
  );
  const [partnerships, reloadPartnerships, updatePartnerships] = useResource(
    (signal) => partnershipsApi.list(signal),
    [],
  );
  const [editing, setEditing] = useState<Organisation | null>(null);
  const editButtons = useRef(new Map<string, HTMLButtonElement>());

  function finishEditing(organisationId: string) {
    setEditing(null);
    requestAnimationFrame(() => editButtons.current.get(organisationId)?.focus());
  }

  const orgs = organisations.status === 'ready' ? organisations.data.items : [];

  return (
    <Page title={t('partners.title')} intro={t('partners.intro')}>
      <StatusMessage message={status} />

      <section className="section" aria-labelledby="organisations-heading">
        <h2 id="organisations-heading">{t('partners.organisations.heading')}</h2>
        {organisations.status === 'loading' ? <Loading /> : null}
        {organisations.status === 'error' ? (
          <LoadError error={organisations.error} onRetry={reloadOrganisations} />
        ) : null}
        {organisations.status === 'ready' ? (
          <OrganisationsTable
            items={orgs}
            canManage={canManage}
            editingId={editing?.id ?? null}
            onEdit={setEditing}
            registerButton={(id, el) => {
              if (el) editButtons.current.set(id, el);
              else editButtons.current.delete(id);
            }}
          />
        ) : null}
        {canManage ? (
          <OrganisationForm
            key={editing?.id ?? 'new'}
            organisation={editing}
            onCancel={() => editing && finishEditing(editing.id)}
            onSaved={(saved, created) => {
              if (created) {
                updateOrganisations((current) => ({ items: [...current.items, saved] }));
                setStatus(t('partners.organisations.created', { name: isolate(saved.name) }));
              } else {
                updateOrganisations((current) => ({
                  items: current.items.map((o) => (o.id === saved.id ? saved : o)),
                }));
                setStatus(t('partners.organisations.saved', { name: isolate(saved.name) }));
                finishEditing(saved.id);
              }
            }}
          />
        ) : null}
      </section>

      <section className="section" aria-labelledby="partnerships-heading">
        <h2 id="partnerships-heading">{t('partners.partnerships.heading')}</h2>
        <p className="section-intro">{t('partners.partnerships.intro')}</p>
        {partnerships.status === 'loading' ? <Loading /> : null}
        {partnerships.status === 'error' ? (
          <LoadError error={partnerships.error} onRetry={reloadPartnerships} />
        ) : null}
        {partnerships.status === 'ready' ? (
          partnerships.data.items.length === 0 ? (
            <p>{t('partners.partnerships.empty')}</p>
          ) : (
            <div className="card-list">
              {partnerships.data.items.map((p) => (
                <PartnershipCard
                  key={p.id}
                  partnership={p}
                  organisations={orgs}
                  canManage={canManage}
                  onStatus={setStatus}
                  onChanged={reloadPartnerships}
                />
              ))}
            </div>
          )
        ) : null}
        {canManage ? (
          <CreatePartnershipForm
            onCreated={(created) => {
              updatePartnerships((current) => ({ items: [...current.items, created] }));
              setStatus(t('partners.partnerships.created', { name: isolate(created.name) }));
            }}
          />
        ) : null}
      </section>
    </Page>
  );
}

interface OrganisationsTableProps {
  items: Organisation[];
  canManage: boolean;
  editingId: string | null;
  onEdit(organisation: Organisation): void;
  registerButton(id: string, el: HTMLButtonElement | null): void;
}

function OrganisationsTable({ items, canManage, editingId, onEdit, registerButton }: OrganisationsTableProps) {
  const { t } = useTranslation();
  return (
    <TableRegion label={t('partners.organisations.tableLabel')}>
      <table className="data-table">
        <caption>{t('partners.organisations.caption', { count: items.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('partners.organisations.columns.name')}</th>
            <th scope="col">{t('partners.organisations.columns.kind')}</th>
            <th scope="col">{t('partners.organisations.columns.contact')}</th>
            <th scope="col">{t('partners.organisations.columns.description')}</th>
            {canManage ? <th scope="col">{t('partners.organisations.columns.actions')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {items.length === 0 ? (
            <tr>
              <td colSpan={canManage ? 5 : 4}>{t('partners.organisations.empty')}</td>
            </tr>
          ) : null}
          {items.map((o) => (
            <tr key={o.id} aria-current={editingId === o.id ? 'true' : undefined}>
              <th scope="row">
                <bdi>{o.name}</bdi>
              </th>
              <td>{t(`organisationKinds.${o.kind}`, { defaultValue: o.kind })}</td>
              <td>
                <ul className="plain-list">
                  {o.email ? (
                    <li>
                      <a href={`mailto:${o.email}`} dir="ltr">
                        {o.email}
                      </a>
                    </li>
                  ) : null}
                  {o.phone ? (
                    <li>
                      <a href={`tel:${o.phone.replace(/[^\d+]/g, '')}`} dir="ltr">
                        {o.phone}
                      </a>
                    </li>
                  ) : null}
                  {o.website && /^https?:\/\//i.test(o.website) ? (
                    <li>
                      <a href={o.website} dir="ltr" rel="noopener noreferrer" target="_blank">
                        {o.website.replace(/^https?:\/\//i, '').replace(/\/$/, '')}
                        <span className="visually-hidden"> {t('common.opensInNewTab')}</span>
                      </a>
                    </li>
                  ) : null}
                  {!o.email && !o.phone && !o.website ? <li>—</li> : null}
                </ul>
              </td>
              <td>{o.description ? <bdi>{o.description}</bdi> : '—'}</td>
              {canManage ? (
                <td>
                  <button
                    type="button"
                    className="button button--small button--secondary"
                    aria-label={t('partners.organisations.editFor', { name: o.name })}
                    ref={(el) => registerButton(o.id, el)}
                    onClick={() => onEdit(o)}
                  >
                    {t('common.edit')}
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

interface OrganisationFormProps {
  organisation: Organisation | null;
  onSaved(organisation: Organisation, created: boolean): void;
  onCancel(): void;
}

function OrganisationForm({ organisation, onSaved, onCancel }: OrganisationFormProps) {
  const { t } = useTranslation();
  const prefix = organisation ? `organisation-${organisation.id}` : 'organisation-new';
  const [name, setName] = useState(organisation?.name ?? '');
  const [kind, setKind] = useState<OrganisationKind>(organisation?.kind ?? 'charity');
  const [email, setEmail] = useState(organisation?.email ?? '');
  const [phone, setPhone] = useState(organisation?.phone ?? '');
  const [website, setWebsite] = useState(organisation?.website ?? '');
  const [description, setDescription] = useState(organisation?.description ?? '');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (organisation) {
      headingRef.current?.scrollIntoView({ block: 'start' });
      headingRef.current?.focus();
    }
  }, [organisation]);

  const fieldNames = ['name', 'kind', 'email', 'phone', 'website', 'description'] as const;
  const ids = Object.fromEntries(fieldNames.map((f) => [f, `${prefix}-${f}`])) as Record<
    (typeof fieldNames)[number],
    string
  >;
  const labels = {
    name: t('partners.organisations.form.name'),
    kind: t('partners.organisations.form.kind'),
    email: t('partners.organisations.form.email'),
    phone: t('partners.organisations.form.phone'),
    website: t('partners.organisations.form.website'),
    description: t('partners.organisations.form.description'),
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (!name.trim()) fields.name = t('forms.required', { field: labels.name });
    if (email.trim() && !/^[^\s@]+@[^\s@]+$/.test(email.trim())) fields.email = t('forms.invalidEmail');
    if (website.trim() && !/^https?:\/\/\S+$/i.test(website.trim())) fields.website = t('forms.invalidUrl');
    if (Object.keys(fields).length > 0) {
      setErrors({ message: null, fields });
      return;
    }
    setBusy(true);
    setErrors(noErrors);
    const body: OrganisationInput = {
      name: name.trim(),
      kind,
      email: email.trim() || null,
      phone: phone.trim() || null,
      website: website.trim() || null,
      description: description.trim() || null,
    };
    try {
      if (organisation) {
        onSaved(await organisationsApi.update(organisation.id, body), false);
      } else {
        const created = await organisationsApi.create(
          Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null)) as unknown as OrganisationInput,
        );
        onSaved(created, true);
        setName('');
        setKind('charity');
        setEmail('');
        setPhone('');
        setWebsite('');
        setDescription('');
        nameRef.current?.focus();
      }
    } catch (error) {
      setErrors(toFormErrors(error, t));
    } finally {
      setBusy(false);
    }
  }

  const headingId = `${prefix}-heading`;
  return (
    <div className="subsection">
      <h3 id={headingId} ref={headingRef} tabIndex={-1}>
        {organisation
          ? t('partners.organisations.form.editHeading', { name: organisation.name })
          : t('partners.organisations.form.createHeading')}
      </h3>
      <ErrorSummary errors={errors} fieldIds={ids} fieldLabels={labels} />
      <form className="form card" noValidate onSubmit={submit} aria-labelledby={headingId}>
        <div className="form-grid">
          <TextField
            ref={nameRef}
            id={ids.name}
            label={labels.name}
            dir="auto"
            value={name}
            onValueChange={setName}
            error={errors.fields.name}
            required
          />
          <SelectField
            id={ids.kind}
            label={labels.kind}
            value={kind}
            options={organisationKinds.map((k) => ({ value: k, label: t(`organisationKinds.${k}`) }))}
            onValueChange={(v) => setKind(v as OrganisationKind)}
            error={errors.fields.kind}
          />
          <TextField
            id={ids.email}
            label={labels.email}
            optional
            type="email"
            dir="ltr"
            spellCheck={false}
            value={email}
            onValueChange={setEmail}
            error={errors.fields.email}
          />
          <TextField
            id={ids.phone}
            label={labels.phone}
            optional
            type="tel"
            dir="ltr"
            value={phone}
            onValueChange={setPhone}
            error={errors.fields.phone}
          />
          <TextField
            id={ids.website}
            label={labels.website}
            hint={t('partners.organisations.form.websiteHint')}
            optional
            type="url"
            dir="ltr"
            spellCheck={false}
            value={website}
            onValueChange={setWebsite}
            error={errors.fields.website}
          />
        </div>
        <TextAreaField
          id={ids.description}
          label={labels.description}
          optional
          dir="auto"
          value={description}
          onValueChange={setDescription}
          error={errors.fields.description}
        />
        <FormActions busy={busy} submitLabel={organisation ? t('partners.organisations.form.save') : t('partners.organisations.form.create')} onCancel={organisation ? onCancel : undefined} />
      </form>
    </div>
  );
}

interface PartnershipCardProps {
  partnership: Partnership;
  organisations: Organisation[];
  canManage: boolean;
  onStatus(message: string): void;
  onChanged(): void;
}

function PartnershipCard({ partnership, organisations, canManage, onStatus, onChanged }: PartnershipCardProps) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const [confirm, dialog] = useConfirm();
  const [selected, setSelected] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const membersHeadingRef = useRef<HTMLHeadingElement>(null);
  const headingId = `partnership-${partnership.id}-heading`;
  const membersHeadingId = `partnership-${partnership.id}-members`;
  const selectId = `partnership-${partnership.id}-add`;

  const memberIds = new Set(partnership.members.map((m) => m.organisationId));
  const candidates = organisations.filter((o) => !memberIds.has(o.id));

  async function add(event: FormEvent) {
    event.preventDefault();
    if (!selected) {
      setError(t('partners.partnerships.chooseOrganisation'));
      return;
    }
    const org = organisations.find((o) => o.id === selected);
    setBusy(true);
    setError(null);
    try {
      await partnershipsApi.addMember(partnership.id, selected);
      setSelected('');
      onStatus(
        t('partners.partnerships.memberAdded', {
          organisation: isolate(org?.name ?? ''),
          partnership: isolate(partnership.name),
        }),
      );
      onChanged();
    } catch (e) {
      setError(describeError(e, t));
    } finally {
      setBusy(false);
      focusSoon(selectId);
    }
  }

  async function remove(organisationId: string, organisationName: string) {
    const ok = await confirm({
      title: t('partners.partnerships.removeTitle', {
        organisation: isolate(organisationName),
        partnership: isolate(partnership.name),
      }),
      body: <p>{t('partners.partnerships.removeBody')}</p>,
      confirmLabel: t('partners.partnerships.removeConfirm'),
      destructive: true,
    });
    if (!ok) return;
    setBusy(true);
    setError(null);
    try {
      await partnershipsApi.removeMember(partnership.id, organisationId);
      onStatus(
        t('partners.partnerships.memberRemoved', {
          organisation: isolate(organisationName),
          partnership: isolate(partnership.name),
        }),
      );
      onChanged();
      membersHeadingRef.current?.focus();
    } catch (e) {
      onStatus(describeError(e, t));
      focusSoon(membersHeadingId);
    } finally {
      setBusy(false);
    }
  }

  return (
    <article className="card partnership" aria-labelledby={headingId}>
      <h3 id={headingId}>
        <bdi>{partnership.name}</bdi>
      </h3>
      {partnership.description ? (
        <p>
          <bdi>{partnership.description}</bdi>
        </p>
      ) : null}
      <h4 id={membersHeadingId} ref={membersHeadingRef} tabIndex={-1}>
        {t('partners.partnerships.members', { count: partnership.members.length })}
      </h4>
      {partnership.members.length === 0 ? (
        <p>{t('partners.partnerships.noMembers')}</p>
      ) : (
        <ul className="member-list" aria-labelledby={membersHeadingId}>
          {partnership.members.map((m) => (
            <li key={m.organisationId}>
              <div className="member-list__text">
                <bdi className="member-list__name">{m.name}</bdi>
                <span className="member-list__meta">
                  {t('partners.partnerships.joined', { date: fmt.date(m.joinedAt) })}
                </span>
              </div>
              {canManage ? (
                <button
                  type="button"
                  className="button button--small button--danger-outline"
                  disabled={busy}
                  aria-label={t('partners.partnerships.removeFor', {
                    organisation: m.name,
                    partnership: partnership.name,
                  })}
                  onClick={() => void remove(m.organisationId, m.name)}
                >
                  {t('partners.partnerships.remove')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canManage ? (
        candidates.length > 0 ? (
          <form className="inline-form" noValidate onSubmit={add}>
            <SelectField
              id={selectId}
              label={t('partners.partnerships.addLabel', { partnership: partnership.name })}
              value={selected}
              options={[
                { value: '', label: t('partners.partnerships.choose') },
                ...candidates.map((o) => ({ value: o.id, label: o.name })),
              ]}
              onValueChange={(v) => {
                setSelected(v);
                setError(null);
              }}
              error={error ?? undefined}
            />
            <SubmitButton busy={busy} className="button button--secondary">
              {t('partners.partnerships.add')}
            </SubmitButton>
          </form>
        ) : (
          <p className="muted">{t('partners.partnerships.allMembers')}</p>
        )
      ) : null}
      <AgreementsSection partnership={partnership} organisations={organisations} onMembersChanged={onChanged} />
      {dialog}
    </article>
  );
}

function CreatePartnershipForm({ onCreated }: { onCreated(partnership: Partnership): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const nameRef = useRef<HTMLInputElement>(null);
  const ids = { name: 'partnership-new-name', description: 'partnership-new-description' };
  const labels = {
    name: t('partners.partnerships.form.name'),
    description: t('partners.partnerships.form.description'),
  };
  const { busy, sendForm } = useFormSending(setErrors);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) {
      setErrors({ message: null, fields: { name: t('forms.required', { field: labels.name }) } });
      return;
    }
    await sendForm({}, async () => {
      const created = await partnershipsApi.create({
        name: name.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
      });
      onCreated({ ...created, members: created.members ?? [] });
      setName('');
      setDescription('');
      nameRef.current?.focus();
    });
  }

  return (
    <div className="subsection">
      <h3 id="partnership-create-heading">{t('partners.partnerships.form.heading')}</h3>
      <ErrorSummary errors={errors} fieldIds={ids} fieldLabels={labels} />
      <form className="form card" noValidate onSubmit={submit} aria-labelledby="partnership-create-heading">
        <TextField
          ref={nameRef}
          id={ids.name}
          label={labels.name}
          dir="auto"
          value={name}
          onValueChange={setName}
          error={errors.fields.name}
          required
        />
        <TextAreaField
          id={ids.description}
          label={labels.description}
          optional
          dir="auto"
          value={description}
          onValueChange={setDescription}
          error={errors.fields.description}
        />
        <SubmitButton busy={busy}>{t('partners.partnerships.form.create')}</SubmitButton>
      </form>
    </div>
  );
}
