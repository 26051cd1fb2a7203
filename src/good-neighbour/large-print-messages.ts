import type { Format } from '../catalogue/tables.ts';
import { catalogueLanguage, fill, isolate, RTL_LANGUAGES } from '../notices/messages.ts';
import type { TextDirection } from '../platform/pdf/text.ts';

/**
 * What the housebound reader's printed list says, in their language: a catalogue per language as
 * for neighbours' warnings. Names and titles are isolated, so a Latin title or a date keeps its
 * place inside Arabic text; the page drops the isolates once they have done their work.
 */

interface Catalogue {
  /** The BCP 47 tag the PDF declares and dates are written in. */
  locale: string;
  documentTitle: string;
  forReader: string;
  fromLibrary: string;
  printedOn: string;
  whatYouHave: string;
  nothingOnLoan: string;
  by: string;
  authorSeparator: string;
  dueBack: string;
  wasDueBack: string;
  stillToFind: string;
  nextVisitHeading: string;
  nextVisit: string;
  noNextVisit: string;
  comingHeading: string;
  comingItem: string;
  /** A date in words from its parts, with the year only when it is not this year's. */
  date: string;
  dateWithYear: string;
  formats: Record<Format, string>;
}

const en: Catalogue = {
  locale: 'en-GB',
  documentTitle: 'Library books for {name}',
  forReader: 'For {name}',
  fromLibrary: 'From {library}',
  printedOn: 'Printed on {date}',
  whatYouHave: 'What you have',
  nothingOnLoan: 'You have no library books at the moment.',
  by: 'by {authors}',
  authorSeparator: ', ',
  dueBack: 'Due back {date}',
  wasDueBack: 'Was due back {date}',
  stillToFind: 'STILL TO FIND: it may be somewhere at home. There is nothing to pay.',
  nextVisitHeading: 'Your next visit',
  nextVisit: '{name} is coming on {date}.',
  noNextVisit: 'Your next visit has not been arranged yet.',
  comingHeading: 'Books on their way to you:',
  comingItem: '•  {title}',
  date: '{weekday} {day} {month}',
  dateWithYear: '{weekday} {day} {month} {year}',
  formats: { book: 'Book', large_print: 'Large print book', audiobook_cd: 'Audiobook on CD', talking_book: 'Talking book', dvd: 'DVD', ebook: 'E-book' },
};

const ar: Catalogue = {
  locale: 'ar',
  documentTitle: 'كتب المكتبة — {name}',
  forReader: 'إلى {name}',
  fromLibrary: 'من {library}',
  printedOn: 'تاريخ الطباعة: {date}',
  whatYouHave: 'الكتب التي لديك',
  nothingOnLoan: 'ليس لديك أي كتب من المكتبة حاليًا.',
  by: 'تأليف {authors}',
  authorSeparator: '، ',
  dueBack: 'موعد الإرجاع: {date}',
  wasDueBack: 'كان موعد الإرجاع: {date}',
  stillToFind: 'لم يُعثر عليه بعد: ربما يكون في مكان ما في المنزل. لا توجد أي رسوم.',
  nextVisitHeading: 'زيارتك القادمة',
  nextVisit: 'موعد زيارة {name}: {date}.',
  noNextVisit: 'لم يُحدَّد موعد زيارتك القادمة بعد.',
  comingHeading: 'كتب في طريقها إليك:',
  comingItem: '•  {title}',
  date: '{weekday} {day} {month}',
  dateWithYear: '{weekday} {day} {month} {year}',
  formats: { book: 'كتاب', large_print: 'كتاب بخط كبير', audiobook_cd: 'كتاب صوتي على قرص مدمج', talking_book: 'كتاب ناطق', dvd: 'قرص DVD', ebook: 'كتاب إلكتروني' },
};

const catalogues: Record<string, Catalogue> = { en, ar };

// Building a date formatter is the costly part of writing a date; each language needs only one.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: string) {
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    dateFormats.set(locale, format);
  }
  return format;
}

/** Every sentence of the printed list, written for one reader on one day. */
export interface LargePrintWords {
  /** The BCP 47 tag of the language the list is written in. */
  locale: string;
  direction: TextDirection;
  documentTitle(name: string): string;
  forReader(name: string): string;
  fromLibrary(library: string): string;
  printedOn: string;
  whatYouHave: string;
  nothingOnLoan: string;
  by(authors: string[]): string;
  format(format: Format): string;
  due(dueDate: string): string;
  stillToFind: string;
  nextVisitHeading: string;
  nextVisit(name: string, date: string): string;
  noNextVisit: string;
  comingHeading: string;
  comingItem(title: string): string;
}

/** The list's words in `language` (English when there is no catalogue for it), as on `today`. */
export function largePrintWords(language: string, today: string): LargePrintWords {
  const code = catalogueLanguage(language);
  const catalogue = catalogues[code] ?? en;
  const inWords = (date: string) => {
    const parts: Record<string, string> = {};
    for (const part of dateFormat(catalogue.locale).formatToParts(new Date(`${date}T00:00:00Z`))) parts[part.type] = part.value;
    return isolate(fill(date.slice(0, 4) === today.slice(0, 4) ? catalogue.date : catalogue.dateWithYear, parts));
  };
  return {
    locale: catalogue.locale,
    direction: RTL_LANGUAGES.has(code) ? 'rtl' : 'ltr',
    documentTitle: (name) => fill(catalogue.documentTitle, { name }),
    forReader: (name) => fill(catalogue.forReader, { name: isolate(name) }),
    fromLibrary: (library) => fill(catalogue.fromLibrary, { library: isolate(library) }),
    printedOn: fill(catalogue.printedOn, { date: inWords(today) }),
    whatYouHave: catalogue.whatYouHave,
    nothingOnLoan: catalogue.nothingOnLoan,
    by: (authors) => fill(catalogue.by, { authors: authors.map(isolate).join(catalogue.authorSeparator) }),
    format: (format) => catalogue.formats[format],
    due: (dueDate) => fill(dueDate < today ? catalogue.wasDueBack : catalogue.dueBack, { date: inWords(dueDate) }),
    stillToFind: catalogue.stillToFind,
    nextVisitHeading: catalogue.nextVisitHeading,
    nextVisit: (name, date) => fill(catalogue.nextVisit, { name: isolate(name), date: inWords(date) }),
    noNextVisit: catalogue.noNextVisit,
    comingHeading: catalogue.comingHeading,
    comingItem: (title) => fill(catalogue.comingItem, { title: isolate(title) }),
  };
}
