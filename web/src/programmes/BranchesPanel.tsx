import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../platform/api';
import { useConfirm } from '../platform/confirm';
import { describeError } from '../platform/errors';
import { useFormatters } from '../platform/format';
import { SelectField } from '../platform/forms';
import { isolate } from '../platform/i18n';
import { ErrorNotice } from '../platform/notices';
import { focusSoon } from '../platform/page';
import { useResource } from '../platform/resource';
import { DataTable } from '../platform/tables';
import { branchesApi } from '../organisation/api';
import { programmesApi } from './api';
import type { PanelProps } from './TranslationsEditor';

/** The branches a programme runs at: adding one is a single action, and it then shows on its pages and reports. */
export function BranchesPanel({ programme, canEdit, onChanged }: PanelProps) {
  const { t } = useTranslation();
  const { date } = useFormatters();
  const [branches] = useResource((signal) => branchesApi.list(signal), []);
  const [choice, setChoice] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirm, dialog] = useConfirm();
  const added = new Set(programme.branches.map((b) => b.id));
  const available = branches.status === 'ready' ? branches.data.items.filter((b) => !added.has(b.id)) : [];
  const chosen = choice && available.some((b) => b.id === choice) ? choice : (available[0]?.id ?? '');

  async function run(action: () => Promise<unknown>, message: string, refused?: (error: unknown) => string | null) {
    setBusy(true);
    setProblem(null);
    try {
      await action();
      onChanged(message);
    } catch (error) {
      setProblem(refused?.(error) ?? describeError(error, t));
    } finally {
      setBusy(false);
    }
  }

  function add(event: FormEvent) {
    event.preventDefault();
    const branch = available.find((b) => b.id === chosen);
    if (!branch) return;
    void run(() => programmesApi.addBranch(programme.id, branch.id), t('programmes.branches.added', { branch: isolate(branch.name) }));
  }

  async function remove(branch: { id: string; name: string }) {
    const name = isolate(branch.name);
    const ok = await confirm({
      title: t('programmes.branches.removeTitle', { branch: name }),
      body: <p>{t('programmes.branches.removeBody', { branch: name })}</p>,
      confirmLabel: t('programmes.branches.remove'),
      destructive: true,
    });
    if (!ok) return;
    await run(
      () => programmesApi.removeBranch(programme.id, branch.id),
      t('programmes.branches.removed', { branch: name }),
      (error) => (error instanceof ApiError && error.code === 'branch_has_sessions' ? t('programmes.branches.hasSessions', { branch: name }) : null),
    );
    focusSoon('programme-branches-heading');
  }

  return (
    <section className="section" aria-labelledby="programme-branches-heading">
      <h2 id="programme-branches-heading" tabIndex={-1}>
        {t('programmes.branches.heading')}
      </h2>
      <ErrorNotice message={problem} />
      {programme.branches.length === 0 ? (
        <p>{t('programmes.branches.none')}</p>
      ) : (
        <DataTable caption={t('programmes.branches.caption')} columns={[t('programmes.branches.columns.branch'), t('programmes.branches.columns.added'), ...(canEdit ? [t('programmes.branches.columns.actions')] : [])]}>
          {programme.branches.map((branch) => (
            <tr key={branch.id}>
              <th scope="row">
                <bdi>{branch.name}</bdi>
                {branch.address ? (
                  <span className="summary-list__note">
                    <bdi>{branch.address}</bdi>
                  </span>
                ) : null}
              </th>
              <td>{date(branch.addedAt)}</td>
              {canEdit ? (
                <td>
                  <button type="button" className="button button--small button--danger-outline" disabled={busy} onClick={() => void remove(branch)}>
                    {t('programmes.branches.removeBranch', { branch: isolate(branch.name) })}
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </DataTable>
      )}
      {canEdit && available.length > 0 ? (
        <form className="inline-form" noValidate onSubmit={add} aria-labelledby="programme-branches-heading">
          <SelectField id="programme-branch-to-add" label={t('programmes.branches.branchToAdd')} value={chosen} onValueChange={setChoice} options={available.map((b) => ({ value: b.id, label: b.name }))} />
          <button type="submit" className="button button--secondary" disabled={busy}>
            {t('programmes.branches.add')}
          </button>
        </form>
      ) : null}
      {dialog}
    </section>
  );
}
