import { api, type ListResponse } from '../platform/api';

/** 1 = Monday … 7 = Sunday (ISO 8601). */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;
export const weekdays: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];

export interface OpeningHours {
  weekday: Weekday;
  opens: string;
  closes: string;
}

export interface Branch {
  id: string;
  name: string;
  code: string | null;
  address: string | null;
  openingHours: OpeningHours[];
  createdAt: string;
}

export interface BranchInput {
  name: string;
  code?: string | null;
  address?: string | null;
  openingHours?: OpeningHours[];
}

export const organisationKinds = ['library_service', 'council', 'charity', 'health', 'other'] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

export interface Organisation {
  id: string;
  name: string;
  kind: OrganisationKind;
  email: string | null;
  phone: string | null;
  website: string | null;
  description: string | null;
  createdAt: string;
}

export interface OrganisationInput {
  name: string;
  kind: OrganisationKind;
  email?: string | null;
  phone?: string | null;
  website?: string | null;
  description?: string | null;
}

export interface PartnershipMember {
  organisationId: string;
  name: string;
  joinedAt: string;
}

export interface Partnership {
  id: string;
  name: string;
  description: string | null;
  members: PartnershipMember[];
  createdAt: string;
}

export interface PartnershipInput {
  name: string;
  description?: string;
}

const id = encodeURIComponent;

export const branchesApi = {
  list: (signal?: AbortSignal) => api.get<ListResponse<Branch>>('/api/branches', { signal }),
  create: (body: BranchInput) => api.post<Branch>('/api/branches', body),
  update: (branchId: string, body: BranchInput) => api.patch<Branch>(`/api/branches/${id(branchId)}`, body),
};

export const organisationsApi = {
  list: (signal?: AbortSignal) => api.get<ListResponse<Organisation>>('/api/organisations', { signal }),
  create: (body: OrganisationInput) => api.post<Organisation>('/api/organisations', body),
  update: (organisationId: string, body: Partial<OrganisationInput>) =>
    api.patch<Organisation>(`/api/organisations/${id(organisationId)}`, body),
};

export const partnershipsApi = {
  list: (signal?: AbortSignal) => api.get<ListResponse<Partnership>>('/api/partnerships', { signal }),
  create: (body: PartnershipInput) => api.post<Partnership>('/api/partnerships', body),
  addMember: (partnershipId: string, organisationId: string) =>
    api.post<unknown>(`/api/partnerships/${id(partnershipId)}/members`, { organisationId }),
  removeMember: (partnershipId: string, organisationId: string) =>
    api.delete(`/api/partnerships/${id(partnershipId)}/members/${id(organisationId)}`),
};
