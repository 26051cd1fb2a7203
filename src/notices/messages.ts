import { noticeLanguageOf, type NoticeLanguage } from './languages.ts';
import type { NoticeKind } from './tables.ts';

/**
 * Server-side message catalogues for notice emails, one per language. Values in {braces} are
 * filled in; plural forms follow Intl.PluralRules, so Arabic has all six.
 */
interface Catalogue {
  subject: Record<NoticeKind, Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }>;
  greeting: string;
  heading: Record<NoticeKind, string>;
  loanLine: string;
  readyLine: string;
  link: string;
  footer: string;
  /** Letters name the member, as the envelope does; emails carry no personal details. */
  letterGreeting: string;
  letterClosing: string;
  signOff: string;
}

const en: Catalogue = {
  subject: {
    second_overdue: { one: 'An item is still overdue', other: '{count} items are still overdue' },
    first_overdue: { one: 'An item is overdue', other: '{count} items are overdue' },
    request_ready: { one: 'Your request is ready to collect', other: '{count} requests are ready to collect' },
    advance: { one: 'An item is due back soon', other: '{count} items are due back soon' },
  },
  greeting: 'Hello,',
  heading: {
    request_ready: 'Ready for you to collect:',
    second_overdue: 'Still overdue — please return or renew:',
    first_overdue: 'Now overdue:',
    advance: 'Due back soon:',
  },
  loanLine: '{title} — {author}, due {date}',
  readyLine: '{title} — {author}, at {branch} until {date}',
  link: 'See your loans, renew or change your notices: {url}',
  footer: 'You get this message because you borrow from {library}.',
  letterGreeting: 'Dear {name},',
  letterClosing: 'To renew, call or visit any of our libraries, or go to {url}.',
  signOff: 'With best wishes,',
};

const ar: Catalogue = {
  subject: {
    second_overdue: {
      zero: 'لا توجد مواد متأخرة',
      one: 'ما زالت مادة واحدة متأخرة عن موعد إرجاعها',
      two: 'ما زالت مادتان متأخرتين عن موعد إرجاعهما',
      few: 'ما زالت {count} مواد متأخرة عن موعد إرجاعها',
      many: 'ما زالت {count} مادةً متأخرة عن موعد إرجاعها',
      other: 'ما زالت {count} مادة متأخرة عن موعد إرجاعها',
    },
    first_overdue: {
      zero: 'لا توجد مواد متأخرة',
      one: 'مادة واحدة متأخرة عن موعد إرجاعها',
      two: 'مادتان متأخرتان عن موعد إرجاعهما',
      few: '{count} مواد متأخرة عن موعد إرجاعها',
      many: '{count} مادةً متأخرة عن موعد إرجاعها',
      other: '{count} مادة متأخرة عن موعد إرجاعها',
    },
    request_ready: {
      zero: 'لا توجد طلبات جاهزة',
      one: 'طلبك جاهز للاستلام',
      two: 'طلبان جاهزان للاستلام',
      few: '{count} طلبات جاهزة للاستلام',
      many: '{count} طلبًا جاهزًا للاستلام',
      other: '{count} طلب جاهز للاستلام',
    },
    advance: {
      zero: 'لا توجد مواد يحين موعد إرجاعها',
      one: 'يحين قريبًا موعد إرجاع مادة واحدة',
      two: 'يحين قريبًا موعد إرجاع مادتين',
      few: 'يحين قريبًا موعد إرجاع {count} مواد',
      many: 'يحين قريبًا موعد إرجاع {count} مادةً',
      other: 'يحين قريبًا موعد إرجاع {count} مادة',
    },
  },
  greeting: 'مرحبًا،',
  heading: {
    request_ready: 'جاهز للاستلام:',
    second_overdue: 'ما زالت متأخرة — يُرجى إرجاعها أو تجديدها:',
    first_overdue: 'متأخرة الآن:',
    advance: 'يحين موعد إرجاعها قريبًا:',
  },
  loanLine: '{title} — {author}، موعد الإرجاع {date}',
  readyLine: '{title} — {author}، في {branch} حتى {date}',
  link: 'اطّلع على إعاراتك أو جدّدها أو غيّر إعدادات الإشعارات: {url}',
  footer: 'تصلك هذه الرسالة لأنك تستعير من {library}.',
  letterGreeting: 'مرحبًا {name}،',
  letterClosing: 'للتجديد، اتصل بنا أو زر أيًّا من مكتباتنا، أو ادخل إلى {url}.',
  signOff: 'مع أطيب التمنيات،',
};

const catalogues: Record<NoticeLanguage, Catalogue> = { en, ar };
export const RTL_LANGUAGES = new Set(['ar']);
/** Hearth's libraries are British: English dates read 4 December 2026. */
const DATE_LOCALES: Record<string, string> = { en: 'en-GB' };

export interface NoticeLine {
  kind: NoticeKind;
  title: string;
  author: string | null;
  /** Due date, or for a ready request the last day it waits on the hold shelf. */
  date: string;
  branch?: string;
}

export interface Digest {
  language: string;
  libraryName: string;
  url: string;
  lines: NoticeLine[];
}

/** The order sections appear in, and which one names the message: the most pressing first. */
export const KIND_ORDER: NoticeKind[] = ['second_overdue', 'first_overdue', 'request_ready', 'advance'];

export function catalogueLanguage(tag: string): NoticeLanguage {
  return noticeLanguageOf(tag) ?? 'en';
}

// A day's run fills each catalogue template thousands of times, so each is split once into its
// literal text and the `{name}` keys between (keys at odd positions), then joined per message.
const splitTemplates = new Map<string, string[]>();
const MAX_SPLIT_TEMPLATES = 1_000;
function splitTemplate(template: string): string[] {
  let parts = splitTemplates.get(template);
  if (!parts) {
    if (splitTemplates.size >= MAX_SPLIT_TEMPLATES) splitTemplates.clear();
    parts = template.split(/\{(\w+)\}/);
    splitTemplates.set(template, parts);
  }
  return parts;
}
export function fill(template: string, values: Record<string, string>): string {
  const parts = splitTemplate(template);
  let filled = parts[0]!;
  for (let index = 1; index < parts.length; index += 2) filled += (values[parts[index]!] ?? '') + parts[index + 1]!;
  return filled;
}
// In right-to-left text, first-strong isolates keep a Latin title from reordering the Arabic around it in plain text.
export const isolate = (value: string) => `\u2068${value}\u2069`;
const HTML_SPECIAL = /[&<>"']/;
export const escapeHtml = (value: string) => (HTML_SPECIAL.test(value) ? value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`) : value);

// A day's run composes thousands of digests; building these formatters is the costly part of each.
const formats = new Map<string, { dates: Intl.DateTimeFormat; plurals: Intl.PluralRules }>();
export function formatsFor(language: string) {
  let found = formats.get(language);
  if (!found) {
    found = { dates: new Intl.DateTimeFormat(DATE_LOCALES[language] ?? language, { dateStyle: 'long', timeZone: 'UTC' }), plurals: new Intl.PluralRules(language) };
    formats.set(language, found);
  }
  return found;
}

/** What an email and a letter share: the language, the sections in order and the subject. */
function prepare(digest: Digest) {
  const language = catalogueLanguage(digest.language);
  const catalogue = catalogues[language]!;
  const dir: 'ltr' | 'rtl' = RTL_LANGUAGES.has(language) ? 'rtl' : 'ltr';
  const { dates, plurals } = formatsFor(language);
  const plainWrap = dir === 'rtl' ? isolate : (value: string) => value;
  const formatDate = (iso: string) => dates.format(new Date(`${iso}T00:00:00Z`));
  const sections = KIND_ORDER.map((kind) => ({ kind, lines: digest.lines.filter((line) => line.kind === kind) })).filter((s) => s.lines.length > 0);
  const lead = sections[0]!;
  const forms = catalogue.subject[lead.kind];
  const subject = fill(forms[plurals.select(lead.lines.length)] ?? forms.other, { count: String(lead.lines.length) });
  const lineValues = (line: NoticeLine, wrap: (value: string) => string) => ({
    title: wrap(line.title),
    author: wrap(line.author ?? ''),
    date: wrap(formatDate(line.date)),
    branch: wrap(line.branch ?? ''),
  });
  const template = (kind: NoticeKind) => (kind === 'request_ready' ? catalogue.readyLine : catalogue.loanLine);
  const plainLine = (line: NoticeLine) => fill(template(line.kind), lineValues(line, plainWrap));
  return { language, catalogue, dir, plainWrap, formatDate, sections, subject, lineValues, template, plainLine };
}

export function composeDigest(digest: Digest): { subject: string; text: string; html: string } {
  const { language, catalogue, dir, plainWrap, sections, subject, lineValues, template, plainLine } = prepare(digest);
  const shared = { url: digest.url, library: digest.libraryName };

  const text = [
    catalogue.greeting,
    '',
    ...sections.flatMap((s) => [catalogue.heading[s.kind], ...s.lines.map((line) => `- ${plainLine(line)}`), '']),
    fill(catalogue.link, shared),
    '',
    fill(catalogue.footer, { library: plainWrap(digest.libraryName) }),
  ].join('\n');

  const bdi = (value: string) => `<bdi>${escapeHtml(value)}</bdi>`;
  const html = [
    `<!doctype html><html lang="${language}" dir="${dir}"><body dir="${dir}">`,
    `<p>${escapeHtml(catalogue.greeting)}</p>`,
    ...sections.map(
      (s) => `<h2>${escapeHtml(catalogue.heading[s.kind])}</h2><ul>${s.lines.map((line) => `<li>${fill(escapeHtml(template(s.kind)), lineValues(line, bdi))}</li>`).join('')}</ul>`,
    ),
    `<p>${fill(escapeHtml(catalogue.link), { url: `<a href="${escapeHtml(digest.url)}">${escapeHtml(digest.url)}</a>` })}</p>`,
    `<p>${fill(escapeHtml(catalogue.footer), { library: bdi(digest.libraryName) })}</p>`,
    '</body></html>',
  ].join('');
  return { subject, text, html };
}

/** A digest laid out as a letter: plain strings in the member's language, for a page to set out. */
export interface Letter {
  language: string;
  dir: 'ltr' | 'rtl';
  /** The day of the run, written out in the member's language. */
  date: string;
  subject: string;
  greeting: string;
  sections: { kind: NoticeKind; heading: string; lines: string[] }[];
  closing: string;
  signOff: string;
  footer: string;
}

/** The same digest as the email, for a member who is written to instead: it may name them. */
export function composeLetter(digest: Digest & { memberName: string; date: string }): Letter {
  const { language, catalogue, dir, plainWrap, formatDate, sections, subject, plainLine } = prepare(digest);
  return {
    language,
    dir,
    date: formatDate(digest.date),
    subject,
    greeting: fill(catalogue.letterGreeting, { name: plainWrap(digest.memberName) }),
    sections: sections.map((s) => ({ kind: s.kind, heading: catalogue.heading[s.kind], lines: s.lines.map(plainLine) })),
    closing: fill(catalogue.letterClosing, { url: plainWrap(digest.url) }),
    signOff: catalogue.signOff,
    footer: fill(catalogue.footer, { library: plainWrap(digest.libraryName) }),
  };
}
