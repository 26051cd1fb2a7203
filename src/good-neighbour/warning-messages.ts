import type { Format } from '../catalogue/tables.ts';
import { catalogueLanguage, escapeHtml, fill, formatsFor, isolate, RTL_LANGUAGES } from '../notices/messages.ts';
import type { WarningLoan } from './warnings.ts';

/**
 * The warning a Good Neighbour gets before a visit, in their language, composed the way member
 * notice digests are: a catalogue per language, plural forms by Intl.PluralRules, Latin titles
 * isolated in right-to-left text. It names the reader by first name and nothing else about them.
 */

type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

interface Catalogue {
  /** Counted by the items still needing the neighbour: due, past due or still to find. */
  subject: Plural;
  /** When auto-renewal dealt with everything that was due. */
  subjectRenewed: Plural;
  greeting: string;
  visit: string;
  noVisit: string;
  heading: Record<'overdue' | 'due' | 'stillToFind' | 'renewed', string>;
  line: string;
  author: string;
  collector: string;
  notRenewed: string;
  renewedLine: string;
  renewLink: string;
  renewButton: string;
  coverAlt: string;
  footer: string;
  formats: Record<Format, string>;
  /** Why a renewal was refused, by the renewal rules' code. */
  refusals: Record<string, string> & { other: string };
}

const en: Catalogue = {
  subject: { one: 'One library item to look out for before your next visit', other: '{count} library items to look out for before your next visit' },
  subjectRenewed: { one: 'A library item was renewed before your next visit', other: '{count} library items were renewed before your next visit' },
  greeting: 'Hello {name},',
  visit: '{reader} — your next visit is on {date}.',
  noVisit: '{reader} — we do not know when you next visit, so this looks a week ahead.',
  heading: {
    overdue: 'Past the due date:',
    due: 'Due back before your visit:',
    stillToFind: 'Still to find (misplaced at home):',
    renewed: 'Renewed for you:',
  },
  line: '{title}{author} ({format}). Delivered {delivered}{collector}. Due {due}.',
  author: ' — {author}',
  collector: ', collected by {name}',
  notRenewed: 'Not renewed: {reason}.',
  renewedLine: '{title}{author}, now due {due}.',
  renewLink: 'Renew everything {reader} has on loan with one click (the link works once, for {days} days):',
  renewButton: "Renew {reader}'s loans",
  coverAlt: 'Cover of {title}',
  footer: 'You get this message because you are a Good Neighbour with {library} and asked to be warned before items fall due. To stop these warnings, ask the library.',
  formats: { book: 'book', large_print: 'large print', audiobook_cd: 'audiobook on CD', talking_book: 'talking book', dvd: 'DVD', ebook: 'ebook' },
  refusals: {
    requested_by_another: 'someone else has asked for it, so it must go back by its due date',
    renewal_limit_reached: 'it has been renewed as many times as allowed',
    overdue_too_long: 'it is too long overdue to renew and must go back',
    member_blocked: 'the library card cannot renew just now; please contact the library',
    member_expired: 'the library card has expired; please contact the library',
    other: 'it could not be renewed; please contact the library',
  },
};

const ar: Catalogue = {
  subject: {
    zero: 'لا توجد مواد تحتاج إلى متابعتك',
    one: 'مادة واحدة من المكتبة تحتاج إلى متابعتك قبل زيارتك القادمة',
    two: 'مادتان من المكتبة تحتاجان إلى متابعتك قبل زيارتك القادمة',
    few: '{count} مواد من المكتبة تحتاج إلى متابعتك قبل زيارتك القادمة',
    many: '{count} مادةً من المكتبة تحتاج إلى متابعتك قبل زيارتك القادمة',
    other: '{count} مادة من المكتبة تحتاج إلى متابعتك قبل زيارتك القادمة',
  },
  subjectRenewed: {
    zero: 'لم تُجدَّد أي مادة',
    one: 'جُدِّدت مادة واحدة من المكتبة قبل زيارتك القادمة',
    two: 'جُدِّدت مادتان من المكتبة قبل زيارتك القادمة',
    few: 'جُدِّدت {count} مواد من المكتبة قبل زيارتك القادمة',
    many: 'جُدِّدت {count} مادةً من المكتبة قبل زيارتك القادمة',
    other: 'جُدِّدت {count} مادة من المكتبة قبل زيارتك القادمة',
  },
  greeting: 'مرحبًا {name}،',
  visit: '{reader} — زيارتك القادمة في {date}.',
  noVisit: '{reader} — لا نعرف موعد زيارتك القادمة، لذا تشمل هذه الرسالة الأسبوع القادم.',
  heading: {
    overdue: 'تجاوزت موعد إرجاعها:',
    due: 'يحين موعد إرجاعها قبل زيارتك:',
    stillToFind: 'لم يُعثر عليها بعد (في مكان ما في المنزل):',
    renewed: 'جُدِّدت لك:',
  },
  line: '{title}{author} ({format}). سُلِّمت في {delivered}{collector}. موعد الإرجاع {due}.',
  author: ' — {author}',
  collector: '، واستلمها {name}',
  notRenewed: 'لم تُجدَّد: {reason}.',
  renewedLine: '{title}{author}، موعد إرجاعها الآن {due}.',
  renewLink: 'جدّد كل ما استعاره {reader} بنقرة واحدة (يعمل الرابط مرة واحدة خلال {days} أيام):',
  renewButton: 'تجديد مواد {reader}',
  coverAlt: 'غلاف {title}',
  footer: 'تصلك هذه الرسالة لأنك جار طيب لدى {library} وطلبت أن ننبّهك قبل أن يحين موعد إرجاع المواد. لإيقاف هذه التنبيهات، تواصل مع المكتبة.',
  formats: { book: 'كتاب', large_print: 'كتاب بخط كبير', audiobook_cd: 'كتاب صوتي على قرص مدمج', talking_book: 'كتاب ناطق', dvd: 'قرص DVD', ebook: 'كتاب إلكتروني' },
  refusals: {
    requested_by_another: 'طلبها قارئ آخر، لذا يجب إرجاعها في موعدها',
    renewal_limit_reached: 'جُدِّدت أكبر عدد مسموح به من المرات',
    overdue_too_long: 'تأخرت كثيرًا عن موعد إرجاعها ويجب إرجاعها',
    member_blocked: 'لا يمكن التجديد على بطاقة المكتبة حاليًا؛ يُرجى التواصل مع المكتبة',
    member_expired: 'انتهت صلاحية بطاقة المكتبة؛ يُرجى التواصل مع المكتبة',
    other: 'تعذّر تجديدها؛ يُرجى التواصل مع المكتبة',
  },
};

const catalogues: Record<string, Catalogue> = { en, ar };

/** A loan as the warning lists it. */
export interface WarningItem extends Pick<WarningLoan, 'title' | 'author' | 'format' | 'coverUrl' | 'issuedOn' | 'collectedBy' | 'dueDate'> {
  /** Auto-renewal tried and was refused with this code. */
  notRenewed?: string;
}

export interface RenewedWarningItem {
  title: string;
  author: string | null;
  /** The new due date. */
  dueDate: string;
}

export interface ReaderWarning {
  /** The reader's first name: nothing else about them goes in the email. */
  reader: string;
  nextVisit: string | null;
  due: WarningItem[];
  stillToFind: WarningItem[];
  renewed: RenewedWarningItem[];
  renewUrl: string;
}

export interface NeighbourWarningMessage {
  language: string;
  neighbourName: string;
  libraryName: string;
  today: string;
  renewLinkDays: number;
  /** One section for each reader this neighbour is warned about. */
  readers: ReaderWarning[];
}

// Only a web address is put in an img: a cover URL is catalogue data and could be anything.
const isWebAddress = (url: string) => /^https?:\/\//i.test(url);

// A day's run writes the same catalogue templates and few hundred dates thousands of times.
const escapedTemplates = new Map<string, string>();
function escapedTemplate(template: string) {
  let escaped = escapedTemplates.get(template);
  if (escaped === undefined) {
    escaped = escapeHtml(template);
    escapedTemplates.set(template, escaped);
  }
  return escaped;
}
const formattedDates = new Map<string, string>();
function dateFormatter(language: string, dates: Intl.DateTimeFormat) {
  return (iso: string) => {
    const key = `${language} ${iso}`;
    let text = formattedDates.get(key);
    if (text === undefined) {
      text = dates.format(new Date(`${iso}T00:00:00Z`));
      formattedDates.set(key, text);
    }
    return text;
  };
}

export function composeNeighbourWarning(message: NeighbourWarningMessage): { subject: string; text: string; html: string } {
  const language = catalogueLanguage(message.language);
  const catalogue = catalogues[language] ?? en;
  const dir = RTL_LANGUAGES.has(language) ? 'rtl' : 'ltr';
  const { dates, plurals } = formatsFor(language);
  const formatDate = dateFormatter(language, dates);
  const plain = dir === 'rtl' ? isolate : (value: string) => value;
  const bdi = (value: string) => `<bdi>${escapeHtml(value)}</bdi>`;

  const attention = message.readers.reduce((count, reader) => count + reader.due.length + reader.stillToFind.length, 0);
  const renewed = message.readers.reduce((count, reader) => count + reader.renewed.length, 0);
  const forms = attention > 0 ? catalogue.subject : catalogue.subjectRenewed;
  const count = attention > 0 ? attention : renewed;
  const subject = fill(forms[plurals.select(count)] ?? forms.other, { count: String(count) });

  // Each line is filled once, its values wrapped for plain text or escaped for HTML.
  const itemLine = (item: WarningItem, wrap: (value: string) => string, template: (text: string) => string) => {
    const line = fill(template(catalogue.line), {
      title: wrap(item.title),
      author: item.author ? fill(template(catalogue.author), { author: wrap(item.author) }) : '',
      format: wrap(catalogue.formats[item.format]),
      delivered: wrap(formatDate(item.issuedOn)),
      collector: item.collectedBy ? fill(template(catalogue.collector), { name: wrap(item.collectedBy) }) : '',
      due: wrap(formatDate(item.dueDate)),
    });
    if (!item.notRenewed) return line;
    return `${line} ${fill(template(catalogue.notRenewed), { reason: template(catalogue.refusals[item.notRenewed] ?? catalogue.refusals.other) })}`;
  };
  const renewedLine = (item: RenewedWarningItem, wrap: (value: string) => string, template: (text: string) => string) =>
    fill(template(catalogue.renewedLine), {
      title: wrap(item.title),
      author: item.author ? fill(template(catalogue.author), { author: wrap(item.author) }) : '',
      due: wrap(formatDate(item.dueDate)),
    });
  const sectionsOf = (reader: ReaderWarning) =>
    [
      { heading: catalogue.heading.overdue, items: reader.due.filter((item) => item.dueDate < message.today), renewed: [] as RenewedWarningItem[] },
      { heading: catalogue.heading.due, items: reader.due.filter((item) => item.dueDate >= message.today), renewed: [] },
      { heading: catalogue.heading.stillToFind, items: reader.stillToFind, renewed: [] },
      { heading: catalogue.heading.renewed, items: [], renewed: reader.renewed },
    ].filter((section) => section.items.length + section.renewed.length > 0);
  const visitLine = (reader: ReaderWarning, wrap: (value: string) => string, template: (text: string) => string) =>
    reader.nextVisit
      ? fill(template(catalogue.visit), { reader: wrap(reader.reader), date: wrap(formatDate(reader.nextVisit)) })
      : fill(template(catalogue.noVisit), { reader: wrap(reader.reader) });
  const renewLead = (reader: ReaderWarning, wrap: (value: string) => string, template: (text: string) => string) =>
    fill(template(catalogue.renewLink), { reader: wrap(reader.reader), days: String(message.renewLinkDays) });
  const greeting = (wrap: (value: string) => string, template: (text: string) => string) => fill(template(catalogue.greeting), { name: wrap(message.neighbourName) });
  const footer = (wrap: (value: string) => string, template: (text: string) => string) => fill(template(catalogue.footer), { library: wrap(message.libraryName) });

  const same = (text: string) => text;
  const text = [
    greeting(plain, same),
    '',
    ...message.readers.flatMap((reader) => [
      visitLine(reader, plain, same),
      '',
      ...sectionsOf(reader).flatMap((section) => [
        section.heading,
        ...section.items.map((item) => `- ${itemLine(item, plain, same)}`),
        ...section.renewed.map((item) => `- ${renewedLine(item, plain, same)}`),
        '',
      ]),
      renewLead(reader, plain, same),
      reader.renewUrl,
      '',
    ]),
    footer(plain, same),
  ].join('\n');

  const cover = (item: WarningItem) =>
    item.coverUrl && isWebAddress(item.coverUrl)
      ? `<img src="${escapeHtml(item.coverUrl)}" alt="${escapeHtml(fill(catalogue.coverAlt, { title: item.title }))}" width="60" style="display:block;margin-block-end:4px"> `
      : '';
  const html = [
    `<!doctype html><html lang="${language}" dir="${dir}"><body dir="${dir}">`,
    `<p>${greeting(bdi, escapedTemplate)}</p>`,
    ...message.readers.map((reader) =>
      [
        `<h2>${visitLine(reader, bdi, escapedTemplate)}</h2>`,
        ...sectionsOf(reader).map(
          (section) =>
            `<h3>${escapedTemplate(section.heading)}</h3><ul>` +
            section.items.map((item) => `<li>${cover(item)}${itemLine(item, bdi, escapedTemplate)}</li>`).join('') +
            section.renewed.map((item) => `<li>${renewedLine(item, bdi, escapedTemplate)}</li>`).join('') +
            '</ul>',
        ),
        `<p>${renewLead(reader, bdi, escapedTemplate)}<br><a href="${escapeHtml(reader.renewUrl)}">${escapeHtml(fill(catalogue.renewButton, { reader: reader.reader }))}</a></p>`,
      ].join(''),
    ),
    `<p>${footer(bdi, escapedTemplate)}</p>`,
    '</body></html>',
  ].join('');
  return { subject, text, html };
}
