import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../platform/auth';
import { SelectField } from '../platform/forms';
import { LoadError } from '../platform/notices';
import { useResource } from '../platform/resource';
import { branchesApi, type Branch } from '../organisation/api';

const storageKey = (tenantId: string | undefined) => `hearth.workingBranch.${tenantId ?? ''}`;

function remembered(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

/**
 * The branch a desk works at, which issues and returns are recorded at: chosen once on a computer
 * and remembered there, since a desk stays where it is; the first branch until one is chosen.
 */
export function useWorkingBranch() {
  const { user } = useAuth();
  const key = storageKey(user?.tenantId);
  const [branches] = useResource((signal) => branchesApi.list(signal), []);
  const [chosen, setChosen] = useState(() => remembered(key));
  const list = branches.status === 'ready' ? branches.data.items : [];
  const branch: Branch | null = list.find((b) => b.id === chosen) ?? list[0] ?? null;
  const choose = (id: string) => {
    setChosen(id);
    try {
      window.localStorage.setItem(key, id);
    } catch {
      // Private browsing may refuse storage: the choice then lasts as long as the page.
    }
  };
  return { branches, list, branch, choose };
}

export type WorkingBranch = ReturnType<typeof useWorkingBranch>;

export function WorkingBranchField({ working }: { working: WorkingBranch }) {
  const { t } = useTranslation();
  if (working.branches.status === 'error') return <LoadError error={working.branches.error} />;
  if (working.list.length === 0) return null;
  return (
    <div className="working-branch no-print">
      <SelectField
        id="working-branch"
        label={t('circulation.workingBranch.label')}
        hint={t('circulation.workingBranch.hint')}
        value={working.branch?.id ?? ''}
        options={working.list.map((b) => ({ value: b.id, label: b.name }))}
        onValueChange={working.choose}
      />
    </div>
  );
}
