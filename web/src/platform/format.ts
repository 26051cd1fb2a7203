import { useTranslation } from 'react-i18next';
import { intlLocale } from './i18n';

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

export function formatDateTime(iso: string, lang: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatter(intlLocale(lang), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatDate(iso: string, lang: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatter(intlLocale(lang), { dateStyle: 'medium' }).format(date);
}

/** Formats a wall-clock time such as "09:00" in the reader's locale, 24-hour. */
export function formatTime(hhmm: string, lang: string): string {
  const match = /^(\d{1,2}):(\d{2})/.exec(hhmm);
  if (!match) return hhmm;
  const date = new Date(Date.UTC(2000, 0, 3, Number(match[1]), Number(match[2])));
  return formatter(intlLocale(lang), {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: 'UTC',
  }).format(date);
}

export function useFormatters() {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  return {
    lang,
    dateTime: (iso: string) => formatDateTime(iso, lang),
    date: (iso: string) => formatDate(iso, lang),
    time: (hhmm: string) => formatTime(hhmm, lang),
  };
}
