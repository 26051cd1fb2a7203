/** Turning what someone typed into the search box into full-text and similarity queries. */

const MAX_TERMS = 12;
const MAX_TERM_LENGTH = 60;

/** The words of a query, lower-cased; punctuation and tsquery operators are dropped. */
export function searchTerms(query: string): string[] {
  const words = query.toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
  return words.slice(0, MAX_TERMS).map((word) => word.slice(0, MAX_TERM_LENGTH));
}

/**
 * A `to_tsquery` expression matching every word, the last one as a prefix because people are
 * still typing it: "agatha chris" → `agatha & chris:*`. A word with a close spelling matches
 * either: "agata" with "agatha" → `(agata | agatha)`. Null when there is nothing to search for.
 */
export function fullTextQuery(terms: string[], closeSpellings: (string | null)[] = []): string | null {
  if (terms.length === 0) return null;
  return terms
    .map((term, i) => {
      const typed = i === terms.length - 1 ? `${term}:*` : term;
      const close = closeSpellings[i];
      return close ? `(${typed} | ${close})` : typed;
    })
    .join(' & ');
}
