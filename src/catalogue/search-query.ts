/** Turning what someone typed into the search box into full-text and similarity queries. */

const MAX_TERMS = 12;
const MAX_TERM_LENGTH = 60;

/** The words of a query, lower-cased; punctuation and tsquery operators are dropped. */
export function searchTerms(query: string): string[] {
  const words = query.toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
  return words.slice(0, MAX_TERMS).map((word) => word.slice(0, MAX_TERM_LENGTH));
}

/**
 * A `to_tsquery` expression for each word, every one of them required and the last one a prefix
 * because people are still typing it: "agatha chris" → `agatha`, `chris:*`. A word with a close
 * spelling matches either: "agata" with "agatha" → `(agata | agatha)`. Empty when there is
 * nothing to search for.
 */
export function termQueries(terms: string[], closeSpellings: (string | null)[] = []): string[] {
  return terms.map((term, i) => {
    const typed = i === terms.length - 1 ? `${term}:*` : term;
    const close = closeSpellings[i];
    return close ? `(${typed} | ${close})` : typed;
  });
}

const SCRIPTS = ['Latin', 'Arabic', 'Cyrillic', 'Greek', 'Armenian', 'Devanagari', 'Tamil', 'Hebrew'] as const;
const SCRIPT_PATTERNS = SCRIPTS.map((script) => [script, new RegExp(`\\p{Script=${script}}`, 'u')] as const);

/** The writing system of a word, which decides the languages it is stemmed in; null for digits alone. */
export function scriptOf(term: string): (typeof SCRIPTS)[number] | null {
  return SCRIPT_PATTERNS.find(([, pattern]) => pattern.test(term))?.[0] ?? null;
}
