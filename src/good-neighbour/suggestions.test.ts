import { describe, expect, it } from 'vitest';
import { avoidQuery, fieldQuery, planSuggestions, queriesToNormalise, reasonsFor, scoreOf, termsOf, withNormalisedQueries, WEIGHTS, type Match, type Preferences } from './suggestions.ts';

const preferences = (fields: Partial<Preferences> = {}): Preferences => ({ subjects: [], authors: [], avoid: [], formats: [], languages: [], ...fields });
const match = (fields: Partial<Match> = {}): Match => ({ format: 'book', language: null, matched: [], genreMatched: [], ...fields });

describe('fieldQuery', () => {
  it('asks for every word of the phrase in the given part of the record', () => {
    expect(fieldQuery('Agatha Christie', 'B')).toBe('agatha:B & christie:B');
    expect(fieldQuery('  crime ', 'C')).toBe('crime:C');
    expect(fieldQuery('Brontë', '')).toBe('brontë');
  });

  it('keeps only words, so nothing a reader types can become a query operator', () => {
    expect(fieldQuery("O'Brien & | ! (Edna):*", 'B')).toBe('o:B & brien:B & edna:B');
    expect(fieldQuery(' -- ', 'C')).toBeNull();
  });
});

describe('termsOf', () => {
  it('puts the profile’s authors and subjects first, then the history’s, each once', () => {
    const terms = termsOf({ authors: ['Ann Cleeves', 'ann  cleeves'], subjects: ['Crime'] }, { authors: ['Ann Cleeves', 'Ian Rankin'], subjects: ['crime', 'Birds'] });
    expect(terms.map(({ kind, value }) => ({ kind, value }))).toEqual([
      { kind: 'author', value: 'Ann Cleeves' },
      { kind: 'subject', value: 'Crime' },
      { kind: 'history_author', value: 'Ian Rankin' },
      { kind: 'history_subject', value: 'Birds' },
    ]);
    expect(terms.map((term) => term.query)).toEqual(['ann:B & cleeves:B', 'crime:C', 'ian:B & rankin:B', 'birds:C']);
  });

  it('lets history subjects only add to a score, since the broadest would bring in most of the shelves', () => {
    const terms = termsOf({ authors: ['Ann Cleeves'], subjects: ['Crime'] }, { authors: ['Ian Rankin'], subjects: ['Fiction'] });
    expect(terms.map((term) => term.findsTitles)).toEqual([true, true, true, false]);
  });

  it('skips entries with no words', () => {
    expect(termsOf({ authors: ['—'], subjects: ['   '] }, null)).toEqual([]);
  });
});

describe('avoidQuery', () => {
  it('matches any avoided subject, genre or author', () => {
    expect(avoidQuery(['Horror', 'Stephen King'])).toBe('(horror:BC) | (stephen:BC & king:BC)');
    expect(avoidQuery([])).toBeNull();
    expect(avoidQuery(['?'])).toBeNull();
  });
});

describe('planSuggestions', () => {
  it('weighs large print and audio far above other formats, and lets only formats other than ordinary books find titles', () => {
    const plan = planSuggestions(preferences({ formats: ['large_print', 'book', 'audiobook_cd', 'dvd'] }), null);
    expect(plan.formats).toEqual([
      { format: 'large_print', weight: WEIGHTS.accessibleFormat },
      { format: 'book', weight: WEIGHTS.otherFormat },
      { format: 'audiobook_cd', weight: WEIGHTS.accessibleFormat },
      { format: 'dvd', weight: WEIGHTS.otherFormat },
    ]);
    expect(plan.findingFormats).toEqual(['large_print', 'audiobook_cd', 'dvd']);
    expect(plan.accessibleFormats).toEqual(['large_print', 'audiobook_cd']);
  });
});

describe('withNormalisedQueries', () => {
  it('takes the database’s reading of each query, in the order given, and drops terms left with nothing to look for', () => {
    const plan = planSuggestions(preferences({ subjects: ['The', 'Crime'], authors: ['Ann Cleeves'], avoid: ['Horror'] }), null);
    expect(queriesToNormalise(plan)).toEqual(['ann:B & cleeves:B', 'ann & cleeves', 'the:C', 'the', 'crime:C', 'crime', '(horror:BC)']);
    const normalised = withNormalisedQueries(plan, ["'ann':B & 'cleev':B", "'ann' & 'cleev'", '', '', "'crime':C", "'crime'", "'horror':BC"]);
    expect(normalised.terms.map(({ kind, value, query, plain }) => ({ kind, value, query, plain }))).toEqual([
      { kind: 'author', value: 'Ann Cleeves', query: "'ann':B & 'cleev':B", plain: "'ann' & 'cleev'" },
      { kind: 'subject', value: 'Crime', query: "'crime':C", plain: "'crime'" },
    ]);
    expect(normalised.avoid).toBe("'horror':BC");
    expect(withNormalisedQueries(planSuggestions(preferences({ avoid: ['the'] }), null), ['']).avoid).toBeNull();
  });
});

describe('reasonsFor and scoreOf', () => {
  const plan = planSuggestions(preferences({ formats: ['large_print'], authors: ['Ann Cleeves'], subjects: ['Crime', 'Islands'], languages: ['eng'] }), { authors: ['Ian Rankin'], subjects: ['Birds'] });

  it('explains a match strongest first: format, author, subjects or genres, language, then history', () => {
    const reasons = reasonsFor(match({ format: 'large_print', language: 'eng', matched: [4, 2, 0, 1, 3], genreMatched: [1] }), plan);
    expect(reasons).toEqual([
      { kind: 'format', value: 'large_print' },
      { kind: 'author', value: 'Ann Cleeves' },
      { kind: 'genre', value: 'Crime' },
      { kind: 'subject', value: 'Islands' },
      { kind: 'language', value: 'eng' },
      { kind: 'history_author', value: 'Ian Rankin' },
      { kind: 'history_subject', value: 'Birds' },
    ]);
  });

  it('gives no reason for what the reader did not ask for', () => {
    expect(reasonsFor(match({ format: 'book', language: 'pol' }), plan)).toEqual([]);
    expect(scoreOf(match({ format: 'book', language: 'pol' }), plan)).toBe(0);
  });

  it('adds up the weights, so a large-print title outranks an ordinary one by a liked author on a liked subject', () => {
    const largePrint = scoreOf(match({ format: 'large_print' }), plan);
    const ordinary = scoreOf(match({ format: 'book', language: 'eng', matched: [0, 1, 2] }), plan);
    expect(largePrint).toBe(WEIGHTS.accessibleFormat);
    expect(ordinary).toBe(WEIGHTS.author + 2 * WEIGHTS.subject + WEIGHTS.language);
    expect(largePrint).toBeGreaterThan(ordinary);
    expect(scoreOf(match({ format: 'book', matched: [0] }), plan)).toBeGreaterThan(scoreOf(match({ format: 'book', matched: [1] }), plan));
    expect(scoreOf(match({ matched: [3] }), plan)).toBeGreaterThan(scoreOf(match({ matched: [4] }), plan));
  });
});
