import { useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { roles, useAuth, type Role } from '../platform/auth';
import { noErrors, describeError, type FormErrors } from '../platform/errors';
import { useConfirm } from '../platform/confirm';
import { useFormatters } from '../platform/format';
import { CheckboxField, ErrorSummary, RadioGroup, SelectField, StatusMessage, SubmitButton, TextField, useFormSending } from '../platform/forms';
import { isolate } from '../platform/i18n';
import { LoadError, Loading } from '../platform/notices';
import { Page, focusSoon } from '../platform/page';
import { useResource } from '../platform/resource';
import { TableRegion } from '../platform/tables';
import { organisationsApi, type Organisation } from '../organisation/api';
import { MIN_PASSWORD_LENGTH } from '../auth/AcceptInvitationPage';
import { staffApi, type StaffMember } from './api';

export function StaffPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<string | null>(null);
  const [staff, reload, updateStaff] = useResource((signal) => staffApi.list(true, signal), []);
  const [organisations] = useResource((signal) => organisationsApi.list(signal), []);
  const orgs = organisations.status === 'ready' ? organisations.data.items : [];

  return (
    <Page title={t('staff.title')} intro={t('staff.intro')}>
      <StatusMessage message={status} />
      <section aria-labelledby="staff-list-heading" className="section">
        <h2 id="staff-list-heading">{t('staff.listHeading')}</h2>
        {staff.status === 'loading' ? <Loading /> : null}
        {staff.status === 'error' ? <LoadError error={staff.error} onRetry={reload} /> : null}
        {staff.status === 'ready' ? (
          <StaffTable
            items={staff.data.items}
            organisations={orgs}
            onChanged={(member, message) => {
              updateStaff((current) => ({
                items: current.items.map((m) => (m.id === member.id ? member : m)),
              }));
              setStatus(message);
            }}
            onStatus={setStatus}
          />
        ) : null}
      </section>
      <section aria-labelledby="staff-create-heading" className="section">
        <h2 id="staff-create-heading">{t('staff.create.heading')}</h2>
        <CreateStaffForm
          organisations={orgs}
          onCreated={(member, message) => {
            updateStaff((current) => ({ items: [...current.items, member] }));
            setStatus(message);
          }}
        />
      </section>
    </Page>
  );
}

interface StaffTableProps {
  items: StaffMember[];
  organisations: Organisation[];
  onChanged(member: StaffMember, message: string): void;
  onStatus(message: string): void;
}

function StaffTable({ items, organisations, onChanged, onStatus }: StaffTableProps) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const fmt = useFormatters();
  const [showInactive, setShowInactive] = useState(true);
  const [pendingRoles, setPendingRoles] = useState<Record<string, Role>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [rowError, setRowError] = useState<{ id: string; message: string } | null>(null);
  const [confirm, dialog] = useConfirm();
  const captionRef = useRef<HTMLTableCaptionElement>(null);

  const orgNames = useMemo(() => new Map(organisations.map((o) => [o.id, o.name])), [organisations]);
  const sorted = useMemo(
    () =>
      [...items]
        .filter((m) => showInactive || m.active)
        .sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name, fmt.lang)),
    [items, showInactive, fmt.lang],
  );
  const inactiveCount = items.filter((m) => !m.active).length;

  async function changeRole(member: StaffMember) {
    const role = pendingRoles[member.id];
    if (!role || role === member.role) return;
    setBusy(member.id);
    setRowError(null);
    try {
      const updated = await staffApi.update(member.id, { role });
      setPendingRoles((current) => {
        const next = { ...current };
        delete next[member.id];
        return next;
      });
      onChanged(updated, t('staff.roleChanged', { name: isolate(updated.name), role: t(`roles.${updated.role}`) }));
    } catch (error) {
      setRowError({ id: member.id, message: describeError(error, t) });
    } finally {
      setBusy(null);
      focusSoon(`staff-${member.id}-role`);
    }
  }

  async function setActive(member: StaffMember, active: boolean) {
    const ok = await confirm(
      active
        ? {
            title: t('staff.reactivate.title', { name: isolate(member.name) }),
            body: <p>{t('staff.reactivate.body')}</p>,
            confirmLabel: t('staff.reactivate.confirm'),
          }
        : {
            title: t('staff.deactivate.title', { name: isolate(member.name) }),
            body: <p>{t('staff.deactivate.body')}</p>,
            confirmLabel: t('staff.deactivate.confirm'),
            destructive: true,
          },
    );
    if (!ok) return;
    setBusy(member.id);
    setRowError(null);
    try {
      const updated = await staffApi.update(member.id, { active });
      onChanged(
        updated,
        active
          ? t('staff.reactivate.done', { name: isolate(updated.name) })
          : t('staff.deactivate.done', { name: isolate(updated.name) }),
      );
      if (!active && !showInactive) captionRef.current?.focus();
      else focusSoon(`staff-${member.id}-action`);
    } catch (error) {
      setRowError({ id: member.id, message: describeError(error, t) });
      onStatus(describeError(error, t));
      focusSoon(`staff-${member.id}-action`);
    } finally {
      setBusy(null);
    }
  }

  const roleOptions = roles.map((r) => ({ value: r, label: t(`roles.${r}`) }));

  return (
    <>
      <CheckboxField
        id="staff-show-inactive"
        label={t('staff.showInactive', { count: inactiveCount })}
        checked={showInactive}
        onCheckedChange={setShowInactive}
      />
      <TableRegion label={t('staff.tableLabel')}>
        <table className="data-table">
          <caption ref={captionRef} tabIndex={-1}>
            {t('staff.caption', { count: sorted.length })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('staff.columns.name')}</th>
              <th scope="col">{t('staff.columns.email')}</th>
              <th scope="col">{t('staff.columns.role')}</th>
              <th scope="col">{t('staff.columns.organisation')}</th>
              <th scope="col">{t('staff.columns.status')}</th>
              <th scope="col">{t('staff.columns.lastSignIn')}</th>
              <th scope="col">{t('staff.columns.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.length === 0 ? (
              <tr>
                <td colSpan={7}>{t('staff.empty')}</td>
              </tr>
            ) : null}
            {sorted.map((member) => {
              const self = member.id === user?.id;
              const pending = pendingRoles[member.id] ?? member.role;
              const rowBusy = busy === member.id;
              const errorId = `staff-${member.id}-error`;
              const error = rowError?.id === member.id ? rowError.message : null;
              return (
                <tr key={member.id} className={member.active ? undefined : 'row--muted'}>
                  <th scope="row">
                    <bdi>{member.name}</bdi>
                    {self ? <span className="tag">{t('staff.you')}</span> : null}
                  </th>
                  <td>
                    <span dir="ltr" className="nowrap-ish">
                      {member.email}
                    </span>
                  </td>
                  <td>
                    <div className="inline-control">
                      <select
                        id={`staff-${member.id}-role`}
                        aria-label={t('staff.roleFor', { name: member.name })}
                        value={pending}
                        disabled={self || rowBusy || !member.active}
                        aria-describedby={error ? errorId : undefined}
                        onChange={(e) =>
                          setPendingRoles((current) => ({ ...current, [member.id]: e.target.value as Role }))
                        }
                      >
                        {roleOptions.map((o) => (
                          <option key={o.value} value={o.value}>
                            {o.label}
                          </option>
                        ))}
                      </select>
                      {pending !== member.role ? (
                        <button
                          type="button"
                          className="button button--small"
                          disabled={rowBusy}
                          aria-label={t('staff.saveRoleFor', { name: member.name })}
                          onClick={() => void changeRole(member)}
                        >
                          {t('staff.saveRole')}
                        </button>
                      ) : null}
                    </div>
                    {error ? (
                      <p className="field__error" id={errorId}>
                        {error}
                      </p>
                    ) : null}
                  </td>
                  <td>
                    {member.organisationId ? <bdi>{orgNames.get(member.organisationId) ?? '—'}</bdi> : '—'}
                  </td>
                  <td>
                    <StaffStatus member={member} />
                  </td>
                  <td>{member.lastSignInAt ? fmt.dateTime(member.lastSignInAt) : t('staff.never')}</td>
                  <td>
                    {self ? null : (
                      <button
                        type="button"
                        id={`staff-${member.id}-action`}
                        className={member.active ? 'button button--small button--danger-outline' : 'button button--small button--secondary'}
                        disabled={rowBusy}
                        aria-label={
                          member.active
                            ? t('staff.deactivate.buttonFor', { name: member.name })
                            : t('staff.reactivate.buttonFor', { name: member.name })
                        }
                        onClick={() => void setActive(member, !member.active)}
                      >
                        {member.active ? t('staff.deactivate.button') : t('staff.reactivate.button')}
                      </button>
                    )}
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

function StaffStatus({ member }: { member: StaffMember }) {
  const { t } = useTranslation();
  if (!member.active) return <span className="badge badge--muted">{t('staff.status.inactive')}</span>;
  if (member.invitationPending) return <span className="badge badge--pending">{t('staff.status.invited')}</span>;
  return <span className="badge badge--ok">{t('staff.status.active')}</span>;
}

type Access = 'invite' | 'password';

function CreateStaffForm({
  organisations,
  onCreated,
}: {
  organisations: Organisation[];
  onCreated(member: StaffMember, message: string): void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('branch_staff');
  const [organisationId, setOrganisationId] = useState('');
  const [access, setAccess] = useState<Access>('invite');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const nameRef = useRef<HTMLInputElement>(null);

  const labels = {
    name: t('staff.create.name'),
    email: t('staff.create.email'),
    role: t('staff.create.role'),
    organisationId: t('staff.create.organisation'),
    password: t('staff.create.password'),
  };
  const ids = {
    name: 'staff-new-name',
    email: 'staff-new-email',
    role: 'staff-new-role',
    organisationId: 'staff-new-organisation',
    password: 'staff-new-password',
  };
  const { busy, sendForm } = useFormSending(setErrors);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (!name.trim()) fields.name = t('forms.required', { field: labels.name });
    if (!email.trim()) fields.email = t('forms.required', { field: labels.email });
    else if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) fields.email = t('forms.invalidEmail');
    if (access === 'password' && password.length < MIN_PASSWORD_LENGTH) {
      fields.password = t('acceptInvitation.tooShort', { count: MIN_PASSWORD_LENGTH });
    }
    await sendForm(fields, async () => {
      const member = await staffApi.create({
        name: name.trim(),
        email: email.trim(),
        role,
        ...(organisationId ? { organisationId } : {}),
        ...(access === 'password' ? { password } : {}),
      });
      onCreated(
        member,
        member.invitationPending
          ? t('staff.create.invited', { name: isolate(member.name), email: isolate(member.email) })
          : t('staff.create.created', { name: isolate(member.name) }),
      );
      setName('');
      setEmail('');
      setPassword('');
      setOrganisationId('');
      setRole('branch_staff');
      setAccess('invite');
      nameRef.current?.focus();
    });
  }

  return (
    <>
      <ErrorSummary errors={errors} fieldIds={ids} fieldLabels={labels} />
      <form className="form card" noValidate onSubmit={submit} aria-labelledby="staff-create-heading">
        <div className="form-grid">
          <TextField
            ref={nameRef}
            id={ids.name}
            label={labels.name}
            autoComplete="off"
            dir="auto"
            value={name}
            onValueChange={setName}
            error={errors.fields.name}
            required
          />
          <TextField
            id={ids.email}
            label={labels.email}
            type="email"
            autoComplete="off"
            spellCheck={false}
            dir="ltr"
            value={email}
            onValueChange={setEmail}
            error={errors.fields.email}
            required
          />
          <SelectField
            id={ids.role}
            label={labels.role}
            value={role}
            options={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            onValueChange={(v) => setRole(v as Role)}
            error={errors.fields.role}
          />
          <SelectField
            id={ids.organisationId}
            label={labels.organisationId}
            hint={t('staff.create.organisationHint')}
            optional
            value={organisationId}
            options={[
              { value: '', label: t('staff.create.noOrganisation') },
              ...organisations.map((o) => ({ value: o.id, label: o.name })),
            ]}
            onValueChange={setOrganisationId}
            error={errors.fields.organisationId}
          />
        </div>
        <RadioGroup
          name="staff-new-access"
          legend={t('staff.create.access')}
          value={access}
          onValueChange={(v) => setAccess(v as Access)}
          options={[
            { value: 'invite', label: t('staff.create.accessInvite'), hint: t('staff.create.accessInviteHint') },
            { value: 'password', label: t('staff.create.accessPassword'), hint: t('staff.create.accessPasswordHint') },
          ]}
        />
        {access === 'password' ? (
          <TextField
            id={ids.password}
            label={labels.password}
            hint={t('acceptInvitation.passwordHint', { count: MIN_PASSWORD_LENGTH })}
            type="password"
            autoComplete="new-password"
            dir="ltr"
            value={password}
            onValueChange={setPassword}
            error={errors.fields.password}
            required
          />
        ) : null}
        <SubmitButton busy={busy}>
          {access === 'invite' ? t('staff.create.submitInvite') : t('staff.create.submitCreate')}
        </SubmitButton>
      </form>
    </>
  );
}
