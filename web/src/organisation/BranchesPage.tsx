import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useAuth } from '../platform/auth';
import { noErrors, type FormErrors } from '../platform/errors';
import { ErrorSummary, FormActions, StatusMessage, TextAreaField, TextField, useFormSending } from '../platform/forms';
import { isolate } from '../platform/i18n';
import { LoadError, Loading } from '../platform/notices';
import { Page } from '../platform/page';
import { useResource } from '../platform/resource';
import { TableRegion } from '../platform/tables';
import { branchesApi, weekdays, type Branch, type Weekday } from './api';
import {
  DayHoursFieldset,
  OpeningHoursSummary,
  defaultWeekHours,
  fromWeekHours,
  toWeekHours,
  validateWeekHours,
  type WeekHours,
} from './openingHours';

export function BranchesPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const canManage = !!user && can.manageBranches(user.role);
  const [branches, reload, update] = useResource((signal) => branchesApi.list(signal), []);
  const [status, setStatus] = useState<string | null>(null);
  const [editing, setEditing] = useState<Branch | null>(null);
  const editButtons = useRef(new Map<string, HTMLButtonElement>());

  function finishEditing(branchId: string) {
    setEditing(null);
    // The edit button is back in the table only after this render.
    requestAnimationFrame(() => editButtons.current.get(branchId)?.focus());
  }

  return (
    <Page title={t('branches.title')} intro={t('branches.intro')}>
      <StatusMessage message={status} />
      <section className="section" aria-labelledby="branches-list-heading">
        <h2 id="branches-list-heading">{t('branches.listHeading')}</h2>
        {branches.status === 'loading' ? <Loading /> : null}
        {branches.status === 'error' ? <LoadError error={branches.error} onRetry={reload} /> : null}
        {branches.status === 'ready' ? (
          <TableRegion label={t('branches.tableLabel')}>
            <table className="data-table">
              <caption>{t('branches.caption', { count: branches.data.items.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('branches.columns.name')}</th>
                  <th scope="col">{t('branches.columns.code')}</th>
                  <th scope="col">{t('branches.columns.address')}</th>
                  <th scope="col">{t('branches.columns.hours')}</th>
                  {canManage ? <th scope="col">{t('branches.columns.actions')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {branches.data.items.length === 0 ? (
                  <tr>
                    <td colSpan={canManage ? 5 : 4}>{t('branches.empty')}</td>
                  </tr>
                ) : null}
                {branches.data.items.map((branch) => (
                  <tr key={branch.id} aria-current={editing?.id === branch.id ? 'true' : undefined}>
                    <th scope="row">
                      <bdi>{branch.name}</bdi>
                    </th>
                    <td>{branch.code ?? '—'}</td>
                    <td className="pre-line">{branch.address ? <bdi>{branch.address}</bdi> : '—'}</td>
                    <td>
                      <OpeningHoursSummary rows={branch.openingHours} />
                    </td>
                    {canManage ? (
                      <td>
                        <button
                          type="button"
                          className="button button--small button--secondary"
                          aria-label={t('branches.editFor', { name: branch.name })}
                          ref={(el) => {
                            if (el) editButtons.current.set(branch.id, el);
                            else editButtons.current.delete(branch.id);
                          }}
                          onClick={() => setEditing(branch)}
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
        ) : null}
      </section>
      {canManage ? (
        <section className="section" aria-labelledby="branch-form-heading">
          <BranchForm
            key={editing?.id ?? 'new'}
            branch={editing}
            onCancel={() => editing && finishEditing(editing.id)}
            onSaved={(saved, created) => {
              if (created) {
                update((current) => ({ items: [...current.items, saved] }));
                setStatus(t('branches.form.created', { name: isolate(saved.name) }));
              } else {
                update((current) => ({ items: current.items.map((b) => (b.id === saved.id ? saved : b)) }));
                setStatus(t('branches.form.saved', { name: isolate(saved.name) }));
                finishEditing(saved.id);
              }
            }}
          />
        </section>
      ) : null}
    </Page>
  );
}

interface BranchFormProps {
  branch: Branch | null;
  onSaved(branch: Branch, created: boolean): void;
  onCancel(): void;
}

function BranchForm({ branch, onSaved, onCancel }: BranchFormProps) {
  const { t } = useTranslation();
  const prefix = branch ? `branch-${branch.id}` : 'branch-new';
  const [name, setName] = useState(branch?.name ?? '');
  const [code, setCode] = useState(branch?.code ?? '');
  const [address, setAddress] = useState(branch?.address ?? '');
  const [hours, setHours] = useState<WeekHours>(() =>
    branch ? toWeekHours(branch.openingHours) : defaultWeekHours(),
  );
  const [dayErrors, setDayErrors] = useState<Partial<Record<Weekday, string>>>({});
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const { busy, sendForm } = useFormSending(setErrors);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (branch) {
      headingRef.current?.scrollIntoView({ block: 'start' });
      headingRef.current?.focus();
    }
  }, [branch]);

  const hoursTarget = weekdays.find((d) => dayErrors[d]) ?? weekdays.find((d) => !hours[d].closed);
  // A problem the server found with the hours as a whole; the form's own checks show by each day instead.
  const hoursGroupError = hoursTarget && dayErrors[hoursTarget] ? undefined : errors.fields.openingHours;
  const ids = {
    name: `${prefix}-name`,
    code: `${prefix}-code`,
    address: `${prefix}-address`,
    openingHours: hoursTarget ? `${prefix}-hours-${hoursTarget}-opens` : `${prefix}-hours-1-closed`,
  };
  const labels = {
    name: t('branches.form.name'),
    code: t('branches.form.code'),
    address: t('branches.form.address'),
    openingHours: t('branches.form.hours'),
  };

  function setDay(day: Weekday, change: Partial<WeekHours[Weekday]>) {
    setHours((current) => ({ ...current, [day]: { ...current[day], ...change } }));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const fields: Record<string, string> = {};
    if (!name.trim()) fields.name = t('forms.required', { field: labels.name });
    const problems = validateWeekHours(hours);
    const perDay: Partial<Record<Weekday, string>> = {};
    for (const day of weekdays) {
      const problem = problems[day];
      if (problem) {
        perDay[day] =
          problem === 'missing' ? t('branches.form.hoursMissing') : t('branches.form.hoursOrder');
      }
    }
    const firstBad = weekdays.find((d) => perDay[d]);
    if (firstBad) {
      fields.openingHours = t('branches.form.hoursProblem', {
        day: t(`weekdays.long.${firstBad}`),
        problem: perDay[firstBad],
      });
    }
    setDayErrors(perDay);
    await sendForm(fields, async () => {
      const body = {
        name: name.trim(),
        code: code.trim() || null,
        address: address.trim() || null,
        openingHours: fromWeekHours(hours),
      };
      if (branch) {
        onSaved(await branchesApi.update(branch.id, body), false);
      } else {
        const created = await branchesApi.create({
          name: body.name,
          ...(body.code ? { code: body.code } : {}),
          ...(body.address ? { address: body.address } : {}),
          openingHours: body.openingHours,
        });
        onSaved(created, true);
        setName('');
        setCode('');
        setAddress('');
        setHours(defaultWeekHours());
        nameRef.current?.focus();
      }
    });
  }

  const headingText = branch ? t('branches.form.editHeading', { name: branch.name }) : t('branches.form.createHeading');

  return (
    <>
      <h2 id="branch-form-heading" ref={headingRef} tabIndex={-1}>
        {headingText}
      </h2>
      <ErrorSummary errors={errors} fieldIds={ids} fieldLabels={labels} />
      <form className="form card" noValidate onSubmit={submit} aria-labelledby="branch-form-heading">
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
          <TextField
            id={ids.code}
            label={labels.code}
            hint={t('branches.form.codeHint')}
            optional
            dir="ltr"
            autoCapitalize="characters"
            value={code}
            onValueChange={setCode}
            error={errors.fields.code}
          />
        </div>
        <TextAreaField
          id={ids.address}
          label={labels.address}
          optional
          dir="auto"
          autoComplete="street-address"
          value={address}
          onValueChange={setAddress}
          error={errors.fields.address}
        />
        <fieldset
          className={`hours-editor${hoursGroupError ? ' field--error' : ''}`}
          aria-describedby={hoursGroupError ? `${prefix}-hours-error` : undefined}
        >
          <legend>{labels.openingHours}</legend>
          {hoursGroupError ? (
            <p className="field__error" id={`${prefix}-hours-error`}>
              <span className="visually-hidden">{t('forms.errorPrefix')} </span>
              {hoursGroupError}
            </p>
          ) : null}
          {weekdays.map((day) => (
            <DayHoursFieldset key={day} id={`${prefix}-hours-${day}`} day={day} hours={hours[day]} error={dayErrors[day]} onChange={(change) => setDay(day, change)} />
          ))}
        </fieldset>
        <FormActions busy={busy} submitLabel={branch ? t('branches.form.save') : t('branches.form.create')} onCancel={branch ? onCancel : undefined} />
      </form>
    </>
  );
}
