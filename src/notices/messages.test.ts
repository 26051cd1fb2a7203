import { describe, expect, it } from 'vitest';
import { catalogueLanguage, composeDigest, type Digest } from './messages.ts';

const digest = (fields: Partial<Digest> = {}): Digest => ({
  language: 'en',
  libraryName: 'Suffolk Libraries',
  url: 'https://hearth.example',
  lines: [
    { kind: 'advance', title: 'Middlemarch', author: 'George Eliot', date: '2026-12-04' },
    { kind: 'first_overdue', title: 'Persuasion', author: 'Jane Austen', date: '2026-11-30' },
    { kind: 'first_overdue', title: 'Emma <illustrated>', author: 'Jane Austen', date: '2026-11-30' },
  ],
  ...fields,
});

describe('notice digests', () => {
  it('list every item under the most pressing subject, in text and HTML', () => {
    const { subject, text, html } = composeDigest(digest());
    expect(subject).toBe('2 items are overdue');
    expect(text.indexOf('Now overdue:')).toBeLessThan(text.indexOf('Due back soon:'));
    expect(text).toContain('Middlemarch');
    expect(text).toContain('4 December 2026');
    expect(html).toContain('Emma &#60;illustrated&#62;');
    expect(html).toContain('<a href="https://hearth.example">');
  });

  it('speak Arabic right to left, with every plural form, isolating Latin titles', () => {
    const { subject, text, html } = composeDigest(digest({ language: 'ar' }));
    expect(subject).toBe('مادتان متأخرتان عن موعد إرجاعهما');
    expect(html).toContain('dir="rtl"');
    expect(html).toContain('<bdi>Persuasion</bdi>');
    expect(text).toContain('\u2068Persuasion\u2069');
    const one = composeDigest(digest({ language: 'ar', lines: [{ kind: 'request_ready', title: 'Emma', author: null, date: '2026-12-08', branch: 'Haverhill' }] }));
    expect(one.subject).toBe('طلبك جاهز للاستلام');
    const eleven = composeDigest(digest({ language: 'ar', lines: Array.from({ length: 11 }, () => ({ kind: 'advance' as const, title: 'T', author: null, date: '2026-12-04' })) }));
    expect(eleven.subject).toBe('يحين قريبًا موعد إرجاع 11 مادةً');
  });

  it('fall back to English for languages without a catalogue', () => {
    expect(catalogueLanguage('pl')).toBe('en');
    expect(catalogueLanguage('ar-EG')).toBe('ar');
  });
});
