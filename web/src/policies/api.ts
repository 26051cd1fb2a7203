import { api, type ListResponse } from '../platform/api';

export interface Named {
  id: string;
  code: string;
  name: string;
}

export const ruleFields = [
  'loanDays',
  'renewalLimit',
  'dailyFinePence',
  'fineCapPence',
  'requestFeePence',
  'loanLimit',
  'graceDays',
  'advanceNoticeDays',
] as const;
export type RuleField = (typeof ruleFields)[number];
export type Rules = Record<RuleField, number>;

export interface Policy extends Rules {
  memberCategory: Named;
  itemType: Named;
  updatedAt: string;
}

export const settingFields = ['finesBlockAbovePence', 'holdShelfDays', 'requestExpiryDays', 'messageRetentionDays'] as const;
export type SettingField = (typeof settingFields)[number];

export interface LendingSettings extends Record<SettingField, number> {
  currency: string;
}

export interface PolicyOverview {
  items: Policy[];
  settings: LendingSettings;
  memberCategories: Named[];
  itemTypes: Named[];
}

export interface Closure {
  date: string;
  reason: string | null;
}

const id = encodeURIComponent;

export const policiesApi = {
  overview: (signal?: AbortSignal) => api.get<PolicyOverview>('/api/policies', { signal }),
  set: (body: Rules & { memberCategoryId: string; itemTypeId: string }) => api.put<Policy>('/api/policies', body),
  updateSettings: (body: Partial<Record<SettingField, number>>) =>
    api.patch<LendingSettings>('/api/library-service/lending-settings', body),
  closures: (branchId: string, from: string, signal?: AbortSignal) =>
    api.get<ListResponse<Closure>>(`/api/branches/${id(branchId)}/closures?from=${id(from)}`, { signal }),
  addClosure: (branchId: string, body: { date: string; reason?: string | null }) =>
    api.post<Closure>(`/api/branches/${id(branchId)}/closures`, body),
  removeClosure: (branchId: string, date: string) => api.delete(`/api/branches/${id(branchId)}/closures/${id(date)}`),
};
