import { describe, expect, it } from 'vitest';
import { scriptOf, searchTerms, termQueries } from './search-query.ts';

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
    expect(termQueries(['agatha', 'chris'])).toEqual(['agatha', 'chris:*']);
    expect(termQueries(['garde'])).toEqual(['garde:*']);
    expect(termQueries([])).toEqual([]);
  });

  it('let a word with a close spelling match either', () => {
    expect(termQueries(['agata', 'cristie'], ['agatha', 'christie'])).toEqual(['(agata | agatha)', '(cristie:* | christie)']);
    expect(termQueries(['the', 'ligthouse'], [null, 'lighthouse'])).toEqual(['the', '(ligthouse:* | lighthouse)']);
  });

  it('tell the script a word is written in, which decides the languages it is stemmed in', () => {
    expect(scriptOf('château')).toBe('Latin');
    expect(scriptOf('حديقة')).toBe('Arabic');
    expect(scriptOf('война')).toBe('Cyrillic');
    expect(scriptOf('1984')).toBeNull();
  });

  it('keep a very long query to a bounded size', () => {
    const terms = searchTerms(`${'x'.repeat(500)} ${'word '.repeat(50)}`);
    expect(terms).toHaveLength(12);
    expect(terms[0]).toHaveLength(60);
  });
});
