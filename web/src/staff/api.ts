import { api, withQuery, type ListResponse } from '../platform/api';
import type { Role } from '../platform/auth';

export interface StaffMember {
  id: string;
  name: string;
  email: string;
  role: Role;
  organisationId: string | null;
  active: boolean;
  invitationPending: boolean;
  lastSignInAt: string | null;
  createdAt: string;
}

export interface NewStaffMember {
  name: string;
  email: string;
  role: Role;
  organisationId?: string;
  password?: string;
}

export interface StaffChanges {
  name?: string;
  role?: Role;
  active?: boolean;
  organisationId?: string | null;
}

export const staffApi = {
  list: (includeInactive: boolean, signal?: AbortSignal) =>
    api.get<ListResponse<StaffMember>>(withQuery('/api/staff', { includeInactive: includeInactive || undefined }), {
      signal,
    }),
  create: (body: NewStaffMember) => api.post<StaffMember>('/api/staff', body),
  update: (id: string, changes: StaffChanges) =>
    api.patch<StaffMember>(`/api/staff/${encodeURIComponent(id)}`, changes),
};
