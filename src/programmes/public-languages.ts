import ar from './public-locales/ar.json' with { type: 'json' };
import en from './public-locales/en.json' with { type: 'json' };
import pl from './public-locales/pl.json' with { type: 'json' };
import prs from './public-locales/prs.json' with { type: 'json' };
import ps from './public-locales/ps.json' with { type: 'json' };
import ro from './public-locales/ro.json' with { type: 'json' };
import uk from './public-locales/uk.json' with { type: 'json' };

/** The languages the public pages are written in; others fall back to English. */
export const PUBLIC_LANGUAGES = ['en', 'ar', 'uk', 'ro', 'pl', 'prs', 'ps'] as const;
export type PublicLanguage = (typeof PUBLIC_LANGUAGES)[number];

export type PublicStrings = typeof en;

export const PUBLIC_STRINGS: Record<PublicLanguage, PublicStrings> = { en, ar, uk, ro, pl, prs, ps };

const RIGHT_TO_LEFT = new Set<string>(['ar', 'prs', 'ps']);

// Intl has no locale for Dari under its ISO 639-3 code; Afghan Persian is the same language.
// British libraries: English dates read "Tuesday 3 November".
const INTL_LOCALES: Partial<Record<PublicLanguage, string>> = { en: 'en-GB', prs: 'fa-AF' };

export const directionOf = (language: string): 'rtl' | 'ltr' => (RIGHT_TO_LEFT.has(language) ? 'rtl' : 'ltr');

export const intlLocaleOf = (language: PublicLanguage) => INTL_LOCALES[language] ?? language;

export const isPublicLanguage = (value: unknown): value is PublicLanguage => PUBLIC_LANGUAGES.includes(value as PublicLanguage);

/**
 * The reader's language: the one asked for in the link, else the first of the browser's
 * preferences we have pages in, else English.
 */
export function chooseLanguage(asked: string | undefined, acceptLanguage: string | undefined): PublicLanguage {
  if (isPublicLanguage(asked)) return asked;
  const preferences = (acceptLanguage ?? '')
    .split(',')
    .map((part) => part.split(';')[0]!.trim().toLowerCase())
    .filter(Boolean);
  for (const preference of preferences) {
    const tag = preference === 'fa-af' ? 'prs' : preference.split('-')[0];
    if (isPublicLanguage(tag)) return tag;
  }
  return 'en';
}
