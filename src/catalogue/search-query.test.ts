import { describe, expect, it } from 'vitest';
import { fullTextQuery, searchTerms } from './search-query.ts';

describe('search queries', () => {
  it('split into lower-case words, keeping accents and non-Latin letters', () => {
    expect(searchTerms('  Café  Society!')).toEqual(['café', 'society']);
    expect(searchTerms('Zażółć gęślą')).toEqual(['zażółć', 'gęślą']);
    expect(searchTerms('الحديقة السرية')).toEqual(['الحديقة', 'السرية']);
  });

  it('drop the characters that are operators in a tsquery', () => {
    expect(searchTerms("garden & !weeds | (roses):* <-> o'brien")).toEqual(['garden', 'weeds', 'roses', 'o', 'brien']);
    expect(searchTerms('&|!():*')).toEqual([]);
  });

  it('make every word required and the last one a prefix', () => {
    expect(fullTextQuery(['agatha', 'chris'])).toBe('agatha & chris:*');
    expect(fullTextQuery(['garde'])).toBe('garde:*');
    expect(fullTextQuery([])).toBeNull();
  });

  it('let a word with a close spelling match either', () => {
    expect(fullTextQuery(['agata', 'cristie'], ['agatha', 'christie'])).toBe('(agata | agatha) & (cristie:* | christie)');
    expect(fullTextQuery(['the', 'ligthouse'], [null, 'lighthouse'])).toBe('the & (ligthouse:* | lighthouse)');
  });

  it('keep a very long query to a bounded size', () => {
    const terms = searchTerms(`${'x'.repeat(500)} ${'word '.repeat(50)}`);
    expect(terms).toHaveLength(12);
    expect(terms[0]).toHaveLength(60);
  });
});
