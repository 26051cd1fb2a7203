import { api, ApiError, type ListResponse, type Problem } from '../platform/api';

export const importFormats = ['marc', 'marcxml', 'csv'] as const;
export type ImportFormat = (typeof importFormats)[number];
export type ImportStatus = 'queued' | 'running' | 'completed' | 'failed';

export interface CatalogueImport {
  id: string;
  format: ImportFormat;
  fileName: string | null;
  status: ImportStatus;
  total: number;
  processed: number;
  imported: number;
  updated: number;
  rejected: number;
  itemsAdded: number;
  failure: string | null;
  failureCode: string | null;
  startedBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ImportNote {
  index: number;
  controlNumber: string | null;
  title: string | null;
  /** Stable code of the reason, translated under catalogueImport.notes; null in reports stored before reasons had codes. */
  code: string | null;
  /** The values the translated reason needs, e.g. line, tag or barcode. */
  params: Record<string, string | number>;
  /** The reason in English, made by the server. */
  reason: string;
}

export interface CatalogueImportWithReport extends CatalogueImport {
  report: {
    rejected: ImportNote[];
    warnings: ImportNote[];
    /** True when a list reached `limit` and further notes were left out (`omitted` says how many). */
    truncated: boolean;
    limit: number;
    omitted: { rejected: number; warnings: number };
  };
}

const MEDIA_TYPES: Record<ImportFormat, string> = { marc: 'application/marc', marcxml: 'application/marcxml+xml', csv: 'text/csv' };

/** The format a file is most likely in, from its name; null when the name does not say. */
export function formatOfFileName(name: string): ImportFormat | null {
  const extension = name.toLowerCase().split('.').pop();
  if (extension === 'mrc' || extension === 'marc' || extension === 'dat') return 'marc';
  if (extension === 'xml') return 'marcxml';
  if (extension === 'csv') return 'csv';
  return null;
}

async function csrfToken(): Promise<string> {
  return (await api.get<{ csrfToken: string }>('/api/auth/me')).csrfToken;
}

export const importApi = {
  list: (signal?: AbortSignal) => api.get<ListResponse<CatalogueImport>>('/api/catalogue/imports', { signal }),
  get: (id: string, signal?: AbortSignal) => api.get<CatalogueImportWithReport>(`/api/catalogue/imports/${id}`, { signal }),
  /** The file goes as the raw request body, typed by its format, rather than as JSON. */
  async upload(file: File, format: ImportFormat): Promise<CatalogueImport> {
    const response = await fetch(`/api/catalogue/imports?fileName=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers: { 'Content-Type': MEDIA_TYPES[format], Accept: 'application/json, application/problem+json', 'X-CSRF-Token': await csrfToken() },
      body: file,
      credentials: 'same-origin',
    }).catch(() => {
      throw new ApiError({ status: 0, code: 'network_error' });
    });
    const body = (await response.json().catch(() => null)) as (CatalogueImport & Problem) | null;
    if (!response.ok) throw new ApiError(body ?? { status: response.status });
    return body!;
  },
};
