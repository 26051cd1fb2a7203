import type { TFunction } from 'i18next';
import { ApiError } from '../platform/api';
import type { ArrangementNeighbour, NeighbourInput } from './api';

/** Regular visits offered as choices; anything else is typed as a number of days. */
export const visitFrequencies = ['', '7', '14', '28', 'other'] as const;
export type VisitFrequency = (typeof visitFrequencies)[number];

/** One Good Neighbour as it is being typed, before it is sent. */
export interface NeighbourDraft {
  /** Stable for the life of the form, so element ids and errors follow the neighbour when another is removed. */
  key: string;
  name: string;
  relationship: string;
  email: string;
  phone: string;
  cardNumber: string;
  branchId: string;
  language: string;
  frequency: VisitFrequency;
  everyDays: string;
  visitsFrom: string;
  visitDates: string[];
  advanceNotice: boolean;
  maySeeLoans: boolean;
  maySeeHistory: boolean;
  maySeeProfile: boolean;
}

export const neighbourFields = ['name', 'relationship', 'email', 'phone', 'cardNumber', 'branchId', 'language', 'frequency', 'everyDays', 'visitsFrom', 'visitDates', 'advanceNotice'] as const;
export type NeighbourField = (typeof neighbourFields)[number];

let counter = 0;
export const newKey = () => `n${++counter}`;

export function emptyNeighbour(branchId = ''): NeighbourDraft {
  return {
    key: newKey(),
    name: '',
    relationship: '',
    email: '',
    phone: '',
    cardNumber: '',
    branchId,
    language: 'en',
    frequency: '',
    everyDays: '',
    visitsFrom: '',
    visitDates: [],
    advanceNotice: true,
    maySeeLoans: true,
    maySeeHistory: false,
    maySeeProfile: true,
  };
}

function frequencyOf(days: number | null): VisitFrequency {
  if (days === null) return '';
  return (visitFrequencies as readonly string[]).includes(String(days)) ? (String(days) as VisitFrequency) : 'other';
}

export function draftFromNeighbour(neighbour: ArrangementNeighbour): NeighbourDraft {
  return {
    key: neighbour.id,
    name: neighbour.name,
    relationship: neighbour.relationship ?? '',
    email: neighbour.email ?? '',
    phone: neighbour.phone ?? '',
    cardNumber: neighbour.cardNumber ?? '',
    branchId: neighbour.branchId ?? '',
    language: neighbour.language,
    frequency: frequencyOf(neighbour.visitEveryDays),
    everyDays: neighbour.visitEveryDays === null ? '' : String(neighbour.visitEveryDays),
    visitsFrom: neighbour.visitsFrom ?? '',
    visitDates: [...neighbour.visitDates],
    advanceNotice: neighbour.advanceNotice,
    maySeeLoans: neighbour.maySeeLoans,
    maySeeHistory: neighbour.maySeeHistory,
    maySeeProfile: neighbour.maySeeProfile,
  };
}

function everyDaysOf(draft: NeighbourDraft): number | null {
  if (draft.frequency === '') return null;
  return Number(draft.frequency === 'other' ? draft.everyDays.trim() : draft.frequency);
}

/**
 * The request body for a neighbour. Emptied optional fields are sent as null only when editing,
 * so that clearing one removes it; a new neighbour simply leaves them out.
 */
export function neighbourInput(draft: NeighbourDraft, editing = false): NeighbourInput {
  const optional = (value: string) => value.trim() || (editing ? null : undefined);
  const everyDays = everyDaysOf(draft);
  const input: NeighbourInput = {
    name: draft.name.trim(),
    relationship: draft.relationship.trim(),
    email: optional(draft.email),
    phone: optional(draft.phone),
    cardNumber: optional(draft.cardNumber),
    branchId: draft.branchId || (editing ? null : undefined),
    language: draft.language,
    advanceNotice: draft.advanceNotice,
    visitEveryDays: everyDays ?? (editing ? null : undefined),
    nextVisit: everyDays === null ? undefined : draft.visitsFrom,
    visitDates: [...new Set(draft.visitDates.filter(Boolean))].sort(),
    maySeeLoans: draft.maySeeLoans,
    maySeeHistory: draft.maySeeHistory,
    maySeeProfile: draft.maySeeProfile,
  };
  for (const key of Object.keys(input) as (keyof NeighbourInput)[]) {
    if (input[key] === undefined) delete input[key];
  }
  return input;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/** What must be put right before the neighbour can be sent, by field. */
export function checkNeighbour(draft: NeighbourDraft, t: TFunction): Partial<Record<NeighbourField, string>> {
  const errors: Partial<Record<NeighbourField, string>> = {};
  if (!draft.name.trim()) errors.name = t('forms.required', { field: t('goodNeighbour.neighbour.name') });
  if (!draft.relationship.trim()) errors.relationship = t('forms.required', { field: t('goodNeighbour.neighbour.relationship') });
  if (draft.email.trim() && !emailPattern.test(draft.email.trim())) errors.email = t('forms.invalidEmail');
  if (draft.advanceNotice && !draft.email.trim()) errors.email = t('goodNeighbour.neighbour.emailForWarnings');
  if (draft.frequency === 'other') {
    const days = Number(draft.everyDays.trim());
    if (!Number.isInteger(days) || days < 1 || days > 365) errors.everyDays = t('goodNeighbour.neighbour.everyDaysInvalid');
  }
  if (draft.frequency !== '' && !datePattern.test(draft.visitsFrom)) errors.visitsFrom = t('goodNeighbour.neighbour.visitsFromRequired');
  if (draft.visitDates.some((date) => date !== '' && !datePattern.test(date))) errors.visitDates = t('goodNeighbour.neighbour.visitDateInvalid');
  return errors;
}

/** Neighbour fields as the server names them, mapped to the form's own. */
const serverNames: Record<string, NeighbourField> = {
  name: 'name',
  relationship: 'relationship',
  email: 'email',
  phone: 'phone',
  cardNumber: 'cardNumber',
  branchId: 'branchId',
  language: 'language',
  advanceNotice: 'advanceNotice',
  visitEveryDays: 'everyDays',
  nextVisit: 'visitsFrom',
  visitsFrom: 'visitsFrom',
  visitDates: 'visitDates',
};

/**
 * Splits a failed request's field errors into those about neighbours (by position in the list sent,
 * as `neighbours.<i>.<field>` or, for a single neighbour, `<field>`) and the rest, by body property.
 */
export function splitFieldErrors(error: unknown, single = false): { neighbours: Map<number, Partial<Record<NeighbourField, string>>>; other: Record<string, string> } {
  const neighbours = new Map<number, Partial<Record<NeighbourField, string>>>();
  const other: Record<string, string> = {};
  if (!(error instanceof ApiError)) return { neighbours, other };
  for (const item of error.fieldErrors) {
    const parts = item.field.split(/[./[\]]+/).filter(Boolean);
    if (parts[0] === 'body') parts.shift();
    let index: number | null = null;
    let name: string | undefined;
    if (parts[0] === 'neighbours' && parts[1] !== undefined && /^\d+$/.test(parts[1])) {
      index = Number(parts[1]);
      name = parts[2];
    } else if (single) {
      index = 0;
      name = parts[0];
    }
    const field = name ? serverNames[name] : undefined;
    if (index !== null && field) {
      const fields = neighbours.get(index) ?? {};
      fields[field] = fields[field] ? `${fields[field]} ${item.message}` : item.message;
      neighbours.set(index, fields);
    } else {
      const root = parts[0] ?? item.field;
      other[root] = other[root] ? `${other[root]} ${item.message}` : item.message;
    }
  }
  return { neighbours, other };
}

/** Neighbour errors the server reports by code alone, and the field each is about. */
const codeFields: Record<string, NeighbourField> = {
  neighbour_card_not_found: 'cardNumber',
  neighbour_card_taken: 'cardNumber',
  neighbour_card_mismatch: 'cardNumber',
  neighbour_is_reader: 'cardNumber',
  neighbour_email_taken: 'email',
  neighbour_already_linked: 'name',
  next_visit_required: 'visitsFrom',
  language_invalid: 'language',
};

export function neighbourFieldOfCode(error: unknown): NeighbourField | null {
  return error instanceof ApiError ? (codeFields[error.code] ?? null) : null;
}
