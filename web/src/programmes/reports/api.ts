import { api, withQuery } from '../../platform/api';
import type { Need } from '../register/api';

export interface Period {
  from: string;
  to: string;
}

export interface BranchFigures {
  branchId: string;
  branchName: string;
  sessionsHeld: number;
  sessionsCancelled: number;
  named: number;
  unnamed: number;
  total: number;
  newcomers: number;
  donationsPence: number;
}

/** What a programme did between two dates, both included; money in pence. */
export interface ProgrammeReport extends Period {
  programmeId: string;
  programmeName: string;
  currency: string;
  sessionsHeld: number;
  sessionsCancelled: number;
  attendance: { total: number; named: number; unnamed: number };
  uniqueParticipants: number;
  newcomers: number;
  returning: number;
  progression: { once: number; twice: number; regular: number };
  viaAmbassadors: number;
  donationsPence: number;
  byBranch: BranchFigures[];
  signpostingsByNeed: { need: Need; count: number }[];
  topicsCovered: { topicId: string; name: string; sessions: number }[];
}

interface DonationRow {
  sessions: number;
  pence: number;
}

/** Donations between two dates, with no names: by programme, by branch and by local month ("2026-11"). */
export interface DonationTotals extends Period {
  currency: string;
  totalPence: number;
  byProgramme: (DonationRow & { programmeId: string; programmeName: string })[];
  byBranch: (DonationRow & { branchId: string; branchName: string })[];
  byMonth: (DonationRow & { month: string })[];
}

const reportPath = (programmeId: string) => `/api/programmes/${encodeURIComponent(programmeId)}/report`;

export const reportsApi = {
  programme: (programmeId: string, period: Period, signal?: AbortSignal) => api.get<ProgrammeReport>(withQuery(reportPath(programmeId), { ...period }), { signal }),
  programmeCsvUrl: (programmeId: string, period: Period) => withQuery(reportPath(programmeId), { ...period, format: 'csv' }),
  donations: (period: Period, signal?: AbortSignal) => api.get<DonationTotals>(withQuery('/api/programmes/donations', { ...period }), { signal }),
};
