import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import en from '../locales/en.json';
import { setApiLanguage } from './api';

// English ships in the main bundle as the fallback; every other language is its
// own small chunk, fetched only by those who choose it.
const loaders = import.meta.glob<{ default: Record<string, unknown> }>([
  '../locales/*.json',
  '!../locales/en.json',
]);

export const languages = [
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'ar', name: 'العربية', dir: 'rtl' },
] as const;

export type LanguageCode = (typeof languages)[number]['code'];

const STORAGE_KEY = 'hearth.language';

function isSupported(code: string | null | undefined): code is LanguageCode {
  return !!code && languages.some((l) => l.code === code);
}

function readStored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be blocked (private mode, strict settings); the choice then lasts the visit.
    return null;
  }
}

function initialLanguage(): LanguageCode {
  const stored = readStored();
  if (isSupported(stored)) return stored;
  for (const candidate of navigator.languages ?? [navigator.language]) {
    const base = candidate?.toLowerCase().split('-')[0];
    if (isSupported(base)) return base;
  }
  return 'en';
}

export function directionOf(code: string): 'ltr' | 'rtl' {
  return languages.find((l) => l.code === code)?.dir ?? 'ltr';
}

/** The locale given to Intl formatters: British English for English, as Hearth serves UK libraries. */
export function intlLocale(code: string): string {
  return code === 'en' ? 'en-GB' : code;
}

function applyToDocument(code: string): void {
  const html = document.documentElement;
  html.lang = code;
  html.dir = directionOf(code);
  setApiLanguage(code);
}

async function ensureLoaded(code: LanguageCode): Promise<void> {
  if (i18n.hasResourceBundle(code, 'translation')) return;
  const load = loaders[`../locales/${code}.json`];
  if (!load) return;
  const messages = await load();
  i18n.addResourceBundle(code, 'translation', messages.default, true, true);
}

export async function changeLanguage(code: LanguageCode): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, code);
  } catch {
    // See readStored.
  }
  await ensureLoaded(code);
  await i18n.changeLanguage(code);
}

const lng = initialLanguage();

void i18n.use(initReactI18next).init({
  resources: {
    en: { translation: en },
  },
  partialBundledLanguages: true,
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: languages.map((l) => l.code),
  initAsync: false,
  interpolation: {
    // React escapes text already.
    escapeValue: false,
  },
  returnEmptyString: false,
});

i18n.on('languageChanged', applyToDocument);

/**
 * Settles once the reader's language is ready to render. If its messages cannot
 * be fetched the UI stays in English rather than not starting.
 */
export const i18nReady: Promise<void> = (async () => {
  applyToDocument('en');
  if (lng === 'en') return;
  try {
    await ensureLoaded(lng);
    await i18n.changeLanguage(lng);
  } catch {
    // Stay in English.
  }
})();

/** Groups of messages keyed by a code the server sends beside its own English. */
type CodedGroup = 'catalogueImport.notes' | 'catalogueImport.failures' | 'memberLending.charges.reason';

/**
 * The message in the reader's language for a code the server sent; null when there is no code or
 * this app has no message for it (a newer server, an old record), so the caller shows the
 * server's English instead.
 */
export function useCodedMessage() {
  const { t, i18n: instance } = useTranslation();
  // Codes come from the server, so their keys cannot be checked when the app is compiled.
  const translate = t as unknown as (key: string, params?: object) => string;
  return (group: CodedGroup, code: string | null | undefined, params?: object): string | null => {
    if (!code || !instance.exists(`${group}.${code}`)) return null;
    return translate(`${group}.${code}`, params);
  };
}

/**
 * Wraps user-supplied text (names, emails) in Unicode first-strong isolates so that
 * it cannot reorder the surrounding sentence when the script direction differs.
 */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}

export default i18n;
