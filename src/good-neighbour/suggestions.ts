import type { Db } from '../platform/database/database.ts';
import { AppError, notFound } from '../platform/http/errors.ts';
import { searchTerms } from '../catalogue/search-query.ts';
import type { Format } from '../catalogue/tables.ts';
import { branchOfTenant, normaliseQueries, suggestionContext, suggestionRows } from './choosing-store.ts';

export const REASON_KINDS = ['format', 'subject', 'genre', 'author', 'language', 'history_author', 'history_subject'] as const;
export type ReasonKind = (typeof REASON_KINDS)[number];

/** Why a title was suggested, as codes and values the screens translate ("large print, crime, by an author they liked"). */
export interface Reason {
  kind: ReasonKind;
  value: string;
}

/** Formats a reader who cannot manage ordinary print depends on: matching one outweighs everything else. */
export const ACCESSIBLE_FORMATS: ReadonlySet<Format> = new Set(['large_print', 'audiobook_cd', 'talking_book']);

export const WEIGHTS = {
  accessibleFormat: 100,
  otherFormat: 20,
  author: 30,
  subject: 12,
  language: 8,
  historyAuthor: 15,
  historySubject: 5,
} as const;

export const formatWeight = (format: Format) => (ACCESSIBLE_FORMATS.has(format) ? WEIGHTS.accessibleFormat : WEIGHTS.otherFormat);

/** How many authors and subjects of what the reader has borrowed guide suggestions, most borrowed first. */
export const HISTORY_TERMS = 5;

export type TermKind = 'author' | 'subject' | 'history_author' | 'history_subject';

/**
 * A liked author or subject as a full-text query on the catalogue's search document, restricted to
 * the part of the record it describes: authors are weighted B there, subjects and genres C.
 */
export interface Term {
  kind: TermKind;
  value: string;
  weight: number;
  /** `to_tsquery` text restricted to the field, e.g. `agatha:B & christie:B`. */
  query: string;
  /** The same words unrestricted, to tell whether a subject term matched the record's genres. */
  plain: string;
  /** Whether titles matching it are looked for, or it only adds to the score of titles found otherwise. */
  findsTitles: boolean;
}

const FIELD: Record<TermKind, string> = { author: 'B', subject: 'C', history_author: 'B', history_subject: 'C' };
const TERM_WEIGHT: Record<TermKind, number> = { author: WEIGHTS.author, subject: WEIGHTS.subject, history_author: WEIGHTS.historyAuthor, history_subject: WEIGHTS.historySubject };
const SAME_FIELD: Record<TermKind, 'author' | 'subject'> = { author: 'author', subject: 'subject', history_author: 'author', history_subject: 'subject' };

/** Every word of a phrase, each restricted to the given field weights; null when the phrase has no words. */
export function fieldQuery(phrase: string, weights: string): string | null {
  const words = searchTerms(phrase);
  return words.length === 0 ? null : words.map((word) => (weights ? `${word}:${weights}` : word)).join(' & ');
}

export interface Preferences {
  subjects: readonly string[];
  authors: readonly string[];
  avoid: readonly string[];
  formats: readonly Format[];
  languages: readonly string[];
}

export interface History {
  authors: readonly string[];
  subjects: readonly string[];
}

/**
 * The liked authors and subjects as terms, the reader's own choices first. An author or subject the
 * profile already names is not repeated from the history. History subjects only add to a score: the
 * broadest of them ("Fiction") would otherwise bring in half the shelves.
 */
export function termsOf(preferences: Pick<Preferences, 'authors' | 'subjects'>, history: History | null): Term[] {
  const terms: Term[] = [];
  const seen = new Set<string>();
  const add = (kind: TermKind, value: string) => {
    const query = fieldQuery(value, FIELD[kind]);
    const plain = fieldQuery(value, '');
    const key = `${SAME_FIELD[kind]}:${plain}`;
    if (query === null || plain === null || seen.has(key)) return;
    seen.add(key);
    terms.push({ kind, value: value.trim(), weight: TERM_WEIGHT[kind], query, plain, findsTitles: kind !== 'history_subject' });
  };
  for (const author of preferences.authors) add('author', author);
  for (const subject of preferences.subjects) add('subject', subject);
  for (const author of history?.authors ?? []) add('history_author', author);
  for (const subject of history?.subjects ?? []) add('history_subject', subject);
  return terms;
}

/** One query matching any author, subject or genre to avoid; null when nothing is to be avoided. */
export function avoidQuery(avoid: readonly string[]): string | null {
  const parts = avoid.map((phrase) => fieldQuery(phrase, 'BC')).filter((part): part is string => part !== null);
  return parts.length === 0 ? null : parts.map((part) => `(${part})`).join(' | ');
}

/**
 * Formats that find titles on their own. Ordinary books are most of the stock, so preferring them
 * only ranks; large print, audio, films and e-books are worth looking for.
 */
export const formatsThatFindTitles = (formats: readonly Format[]) => formats.filter((format) => format !== 'book');

/** What the catalogue query needs to find, score and leave out titles for one reader. */
export interface SuggestionPlan {
  terms: Term[];
  avoid: string | null;
  formats: { format: Format; weight: number }[];
  findingFormats: Format[];
  /** The reader's formats that readers with sight loss depend on: these with a liked author or subject are the best titles of all. */
  accessibleFormats: Format[];
  languages: string[];
  languageWeight: number;
}

export function planSuggestions(preferences: Preferences, history: History | null): SuggestionPlan {
  const formats = [...new Set(preferences.formats)];
  return {
    terms: termsOf(preferences, history),
    avoid: avoidQuery(preferences.avoid),
    formats: formats.map((format) => ({ format, weight: formatWeight(format) })),
    findingFormats: formatsThatFindTitles(formats),
    accessibleFormats: formats.filter((format) => ACCESSIBLE_FORMATS.has(format)),
    languages: [...new Set(preferences.languages)],
    languageWeight: WEIGHTS.language,
  };
}

/**
 * The plan with its queries as the database normalised them (stemmed, accents folded), in the order
 * `queriesToNormalise` gave them. Terms left with no words to look for (only "the", say) are dropped.
 */
export function withNormalisedQueries(plan: SuggestionPlan, normalised: readonly string[]): SuggestionPlan {
  const terms = plan.terms
    .map((term, i) => ({ ...term, query: normalised[2 * i] ?? '', plain: normalised[2 * i + 1] ?? '' }))
    .filter((term) => term.query !== '' && term.plain !== '');
  const avoid = plan.avoid === null ? null : normalised[2 * plan.terms.length] || null;
  return { ...plan, terms, avoid };
}

export const queriesToNormalise = (plan: SuggestionPlan) => [...plan.terms.flatMap((term) => [term.query, term.plain]), ...(plan.avoid === null ? [] : [plan.avoid])];

const REASON_ORDER: Record<ReasonKind, number> = { format: 0, author: 1, subject: 2, genre: 2, language: 3, history_author: 4, history_subject: 5 };

/** What a title matched, as the catalogue query reports it: indexes into the plan's terms. */
export interface Match {
  format: Format;
  language: string | null;
  matched: readonly number[];
  /** Subject terms that matched one of the title's genres rather than only its subjects. */
  genreMatched: readonly number[];
}

/** The reasons for suggesting a title, strongest first: format, authors, subjects and genres, language, then history. */
export function reasonsFor(match: Match, plan: SuggestionPlan): Reason[] {
  const reasons: Reason[] = [];
  if (plan.formats.some((preferred) => preferred.format === match.format)) reasons.push({ kind: 'format', value: match.format });
  for (const index of [...match.matched].sort((a, b) => a - b)) {
    const term = plan.terms[index];
    if (!term) continue;
    const kind: ReasonKind = term.kind === 'subject' && match.genreMatched.includes(index) ? 'genre' : term.kind;
    reasons.push({ kind, value: term.value });
  }
  if (match.language !== null && plan.languages.includes(match.language)) reasons.push({ kind: 'language', value: match.language });
  return reasons.sort((a, b) => REASON_ORDER[a.kind] - REASON_ORDER[b.kind]);
}

/** The score the catalogue query ranks by, from the same weights. */
export function scoreOf(match: Match, plan: SuggestionPlan): number {
  const format = plan.formats.find((preferred) => preferred.format === match.format)?.weight ?? 0;
  const language = match.language !== null && plan.languages.includes(match.language) ? plan.languageWeight : 0;
  return format + language + match.matched.reduce((sum, index) => sum + (plan.terms[index]?.weight ?? 0), 0);
}

export interface Suggestion {
  recordId: string;
  title: string;
  authors: string[];
  format: Format;
  language: string | null;
  coverUrl: string | null;
  summary: string | null;
  availableCopies: number;
  score: number;
  reasons: Reason[];
}

export interface Suggestions {
  branchId: string;
  /** The reader's reading history guided these suggestions (they agreed to it, and it was allowed). */
  usedHistory: boolean;
  items: Suggestion[];
}

export interface SuggestionRequest {
  readerId: string;
  /** Whose shelves to choose from; by default the first active neighbour's branch, else the reader's home branch. */
  branchId?: string | null;
  limit: number;
  /** False where the person choosing may not see what the reader has read (a neighbour without that permission). */
  allowHistory?: boolean;
}

/**
 * Titles on the shelf now at the branch that match the reader's profile, best first and explained.
 * Never a title the reader has read, has on loan, has asked for or has chosen; never one matching
 * what they avoid. Their reading history guides it only when they agreed to keep one and asked for it.
 */
export async function suggestFor(db: Db, tenantId: string, request: SuggestionRequest): Promise<Suggestions> {
  const context = await suggestionContext(db, tenantId, request.readerId, { allowed: request.allowHistory ?? true, terms: HISTORY_TERMS });
  if (!context) throw notFound('The reader');
  const branchId = request.branchId ?? context.neighbour_branch_id ?? context.home_branch_id;
  if (request.branchId && !(await branchOfTenant(db, tenantId, request.branchId))) throw new AppError('branch_not_found', 404, 'The branch was not found.');
  const history = context.history_authors === null ? null : { authors: context.history_authors, subjects: context.history_subjects ?? [] };
  const draft = planSuggestions(
    { subjects: context.subjects, authors: context.authors, avoid: context.avoid, formats: context.formats, languages: context.languages },
    history,
  );
  // Normalised first, so the catalogue query is planned knowing how common each word is.
  const plan = withNormalisedQueries(draft, await normaliseQueries(db, queriesToNormalise(draft)));
  const rows = await suggestionRows(db, tenantId, { readerId: request.readerId, branchId, limit: request.limit, plan });
  return {
    branchId,
    usedHistory: history !== null,
    items: rows.map((row) => {
      const match: Match = { format: row.format, language: row.language, matched: row.matched, genreMatched: row.genre_matched };
      return {
        recordId: row.id,
        title: row.title,
        authors: row.authors,
        format: row.format,
        language: row.language,
        coverUrl: row.cover_url,
        summary: row.summary,
        availableCopies: row.available_copies,
        score: scoreOf(match, plan),
        reasons: reasonsFor(match, plan),
      };
    }),
  };
}
