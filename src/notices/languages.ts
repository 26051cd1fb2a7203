/**
 * The languages notice templates are written in. Members may choose only these for their notices,
 * and the web app offers the same list, so nobody is promised a language that falls back to English.
 * The message catalogues are keyed by this list, so adding a language here needs its templates.
 */
export const NOTICE_LANGUAGES = ['en', 'ar'] as const;
export type NoticeLanguage = (typeof NOTICE_LANGUAGES)[number];

/** The templates a BCP 47 tag is written in (`en-GB` → `en`), or null when there are none. */
export function noticeLanguageOf(tag: string): NoticeLanguage | null {
  const base = tag.toLowerCase().split('-')[0];
  return NOTICE_LANGUAGES.find((language) => language === base) ?? null;
}
