import { api, type ListResponse } from '../platform/api';
import type { Role } from '../platform/auth';

export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  /** The name of the administrator who created it. */
  createdBy: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Only the response to creating a token carries the secret itself. */
export interface NewApiToken extends ApiToken {
  token: string;
}

export const tokensApi = {
  list: (signal?: AbortSignal) => api.get<ListResponse<ApiToken>>('/api/tokens', { signal }),
  create: (body: { name: string; role?: Role }) => api.post<NewApiToken>('/api/tokens', body),
  revoke: (id: string) => api.delete(`/api/tokens/${encodeURIComponent(id)}`),
};
