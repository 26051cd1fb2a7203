import type { Actor } from '../platform/auth/principal.ts';
import type { Db } from '../platform/database/database.ts';
import { createItemsInBulk } from './items.ts';
import { createRecord } from './records.ts';
import type { Audience, Format } from './tables.ts';

type DemoBranch = 'ipswich' | 'haverhill' | 'lowestoft' | 'brandon';

interface DemoTitle {
  title: string;
  authors: string[];
  format: Format;
  year: number;
  genres?: string[];
  subjects?: string[];
  language?: string;
  audience?: Audience;
  subtitle?: string;
  summary?: string;
  publisher?: string;
  /** How many copies each branch holds. */
  copies: Partial<Record<DemoBranch, number>>;
}

const crime = ['Crime'];
const romance = ['Romance'];

// Loans, requests and the Good Neighbour story add their own state to these copies later.
const TITLES: DemoTitle[] = [
  { title: 'Murder on the Orient Express', authors: ['Agatha Christie'], format: 'book', year: 1934, genres: crime, subjects: ['Poirot, Hercule (Fictitious character)', 'Railway travel'], summary: 'Snowbound in Yugoslavia, Hercule Poirot must find which of the passengers killed a man in his locked compartment.', copies: { ipswich: 2, lowestoft: 1 } },
  { title: 'Murder on the Orient Express', authors: ['Agatha Christie'], format: 'large_print', year: 2017, genres: crime, subjects: ['Poirot, Hercule (Fictitious character)'], publisher: 'HarperCollins', copies: { haverhill: 1, brandon: 1 } },
  { title: 'The Murder of Roger Ackroyd', authors: ['Agatha Christie'], format: 'large_print', year: 1926, genres: crime, summary: 'A village doctor narrates the investigation into the death of a wealthy widower in King’s Abbot.', copies: { ipswich: 1, lowestoft: 1 } },
  { title: 'And Then There Were None', authors: ['Agatha Christie'], format: 'audiobook_cd', year: 1939, genres: crime, summary: 'Ten strangers are lured to an island off the Devon coast, and one by one they die.', copies: { ipswich: 1, haverhill: 1 } },
  { title: 'The Thursday Murder Club', authors: ['Richard Osman'], format: 'book', year: 2020, genres: crime, summary: 'Four friends in a retirement village meet weekly to investigate cold cases, until a real murder arrives.', copies: { ipswich: 3, haverhill: 1, lowestoft: 2, brandon: 1 } },
  { title: 'The Thursday Murder Club', authors: ['Richard Osman'], format: 'large_print', year: 2021, genres: crime, copies: { lowestoft: 1, brandon: 1 } },
  { title: 'The Thursday Murder Club', authors: ['Richard Osman'], format: 'audiobook_cd', year: 2020, genres: crime, subtitle: 'Read by Lesley Manville', copies: { ipswich: 1 } },
  { title: 'Knots and Crosses', authors: ['Ian Rankin'], format: 'book', year: 1987, genres: crime, subjects: ['Rebus, John (Fictitious character)', 'Edinburgh (Scotland)'], copies: { ipswich: 1, lowestoft: 1 } },
  { title: 'Raven Black', authors: ['Ann Cleeves'], format: 'large_print', year: 2006, genres: crime, subjects: ['Shetland (Scotland)'], copies: { haverhill: 1, lowestoft: 1 } },
  { title: 'The Crossing Places', authors: ['Elly Griffiths'], format: 'book', year: 2009, genres: crime, subjects: ['Norfolk (England)', 'Forensic archaeology'], summary: 'Ruth Galloway, a forensic archaeologist, is called in when a child’s bones are found on the salt marshes.', copies: { ipswich: 1, lowestoft: 2 } },
  { title: 'Gaudy Night', authors: ['Dorothy L. Sayers'], format: 'talking_book', year: 1935, genres: crime, subjects: ['Oxford (England)'], copies: { ipswich: 1 } },
  { title: 'The Hound of the Baskervilles', authors: ['Arthur Conan Doyle'], format: 'talking_book', year: 1902, genres: crime, subjects: ['Holmes, Sherlock (Fictitious character)', 'Dartmoor (England)'], copies: { haverhill: 1 } },
  { title: 'The Mermaid’s Singing', authors: ['Val McDermid'], format: 'ebook', year: 1995, genres: crime, copies: {} },
  { title: 'Rebecca', authors: ['Daphne du Maurier'], format: 'book', year: 1938, genres: [...romance, 'Gothic fiction'], summary: 'Last night I dreamt I went to Manderley again: a young bride lives in the shadow of her husband’s first wife.', copies: { ipswich: 2, brandon: 1 } },
  { title: 'Rebecca', authors: ['Daphne du Maurier'], format: 'audiobook_cd', year: 1938, genres: [...romance, 'Gothic fiction'], copies: { lowestoft: 1 } },
  { title: 'Pride and Prejudice', authors: ['Jane Austen'], format: 'book', year: 1813, genres: [...romance, 'Classics'], copies: { ipswich: 2, haverhill: 1 } },
  { title: 'Pride and Prejudice', authors: ['Jane Austen', 'Andrew Davies'], format: 'dvd', year: 1995, genres: ['Period drama'], subtitle: 'The BBC series', copies: { ipswich: 1, lowestoft: 1 } },
  { title: 'Persuasion', authors: ['Jane Austen'], format: 'large_print', year: 1817, genres: [...romance, 'Classics'], copies: { brandon: 1 } },
  { title: 'The Shell Seekers', authors: ['Rosamunde Pilcher'], format: 'large_print', year: 1987, genres: romance, subjects: ['Cornwall (England)'], copies: { haverhill: 1, lowestoft: 1 } },
  { title: 'Circle of Friends', authors: ['Maeve Binchy'], format: 'large_print', year: 1990, genres: romance, subjects: ['Dublin (Ireland)'], copies: { ipswich: 1, brandon: 1 } },
  { title: 'Circle of Friends', authors: ['Maeve Binchy'], format: 'talking_book', year: 1990, genres: romance, copies: { ipswich: 1 } },
  { title: 'The Little Café in Copenhagen', authors: ['Julie Caplin'], format: 'book', year: 2018, genres: romance, subjects: ['Copenhagen (Denmark)'], copies: { haverhill: 1, lowestoft: 1 } },
  { title: 'The Little Beach Street Bakery', authors: ['Jenny Colgan'], format: 'book', year: 2014, genres: romance, subjects: ['Bakeries'], copies: { ipswich: 1, brandon: 1 } },
  { title: 'Me Before You', authors: ['Jojo Moyes'], format: 'ebook', year: 2012, genres: romance, copies: {} },
  { title: 'The Mallen Streak', authors: ['Catherine Cookson'], format: 'large_print', year: 1973, genres: [...romance, 'Historical fiction'], subjects: ['Northumberland (England)'], copies: { lowestoft: 1, brandon: 1 } },
  { title: 'Wolf Hall', authors: ['Hilary Mantel'], format: 'book', year: 2009, genres: ['Historical fiction'], subjects: ['Cromwell, Thomas, Earl of Essex, 1485?-1540', 'Great Britain -- History -- Henry VIII, 1509-1547'], copies: { ipswich: 2, haverhill: 1 } },
  { title: 'Wolf Hall', authors: ['Hilary Mantel'], format: 'audiobook_cd', year: 2009, genres: ['Historical fiction'], subtitle: 'Read by Simon Slater', copies: { lowestoft: 1 } },
  { title: 'SPQR', authors: ['Mary Beard'], subtitle: 'A History of Ancient Rome', format: 'book', year: 2015, subjects: ['Rome -- History'], copies: { ipswich: 1, haverhill: 1 } },
  { title: 'The Silk Roads', authors: ['Peter Frankopan'], subtitle: 'A New History of the World', format: 'book', year: 2015, subjects: ['World history', 'Trade routes -- Asia -- History'], copies: { ipswich: 1 } },
  { title: 'Stalingrad', authors: ['Antony Beevor'], format: 'book', year: 1998, subjects: ['Stalingrad, Battle of, Volgograd, Russia, 1942-1943'], copies: { lowestoft: 1 } },
  { title: 'Wartime', authors: ['Juliet Gardiner'], subtitle: 'Britain 1939–1945', format: 'large_print', year: 2004, subjects: ['World War, 1939-1945 -- Great Britain', 'Great Britain -- Social life and customs'], copies: { haverhill: 1, brandon: 1 } },
  { title: 'Akenfield', authors: ['Ronald Blythe'], subtitle: 'Portrait of an English Village', format: 'book', year: 1969, subjects: ['Suffolk (England) -- Social life and customs', 'Villages -- England'], summary: 'The voices of a Suffolk village, from farm workers to the vicar, recorded in the 1960s.', copies: { ipswich: 2, haverhill: 1, lowestoft: 1, brandon: 1 } },
  { title: 'The Rings of Saturn', authors: ['W. G. Sebald'], format: 'book', year: 1995, subjects: ['Suffolk (England) -- Description and travel'], copies: { ipswich: 1, lowestoft: 1 } },
  { title: 'The History of Suffolk', authors: ['David Dymond', 'Peter Northeast'], format: 'book', year: 1985, subjects: ['Suffolk (England) -- History'], copies: { ipswich: 1, brandon: 1 } },
  { title: 'Rubicon', authors: ['Tom Holland'], subtitle: 'The Triumph and Tragedy of the Roman Republic', format: 'audiobook_cd', year: 2003, subjects: ['Rome -- History -- Republic, 510-30 B.C.'], copies: { haverhill: 1 } },
  { title: 'The Complete Gardener', authors: ['Monty Don'], format: 'book', year: 2021, subjects: ['Gardening', 'Organic gardening'], summary: 'A practical, seasonal guide to making and keeping a garden.', copies: { ipswich: 2, haverhill: 1, brandon: 1 } },
  { title: 'Down to Earth', authors: ['Monty Don'], subtitle: 'Gardening Wisdom', format: 'large_print', year: 2017, subjects: ['Gardening'], copies: { lowestoft: 1, brandon: 1 } },
  { title: 'The Dry Garden', authors: ['Beth Chatto'], format: 'book', year: 1978, subjects: ['Drought-tolerant plants', 'Gardening -- East Anglia'], copies: { ipswich: 1, haverhill: 1 } },
  { title: 'The Well-Tempered Garden', authors: ['Christopher Lloyd'], format: 'book', year: 1970, subjects: ['Gardening'], copies: { lowestoft: 1 } },
  { title: 'The Cutting Garden', authors: ['Sarah Raven'], subtitle: 'Growing and Arranging Garden Flowers', format: 'book', year: 1996, subjects: ['Cut flowers', 'Flower gardening'], copies: { brandon: 1 } },
  { title: 'RHS Encyclopedia of Gardening', authors: ['Christopher Brickell'], format: 'book', year: 2019, subjects: ['Gardening -- Encyclopedias'], publisher: 'Dorling Kindersley', copies: { ipswich: 1, lowestoft: 1 } },
  { title: 'Bob Flowerdew’s Organic Bible', authors: ['Bob Flowerdew'], subtitle: 'Successful Gardening the Natural Way', format: 'book', year: 1998, subjects: ['Organic gardening'], copies: { haverhill: 1 } },
  { title: 'Gardening for Wildlife', authors: ['Adrian Thomas'], format: 'large_print', year: 2010, subjects: ['Gardening to attract wildlife'], copies: { ipswich: 1, brandon: 1 } },
  { title: 'Gardeners’ World: A Year in the Garden', authors: ['Alan Titchmarsh'], format: 'dvd', year: 2004, subjects: ['Gardening'], copies: { ipswich: 1 } },
  { title: 'Delia’s Complete How to Cook', authors: ['Delia Smith'], format: 'book', year: 2009, subjects: ['Cookery'], copies: { ipswich: 1, haverhill: 1, lowestoft: 1 } },
  { title: 'Mary Berry’s Baking Bible', authors: ['Mary Berry'], format: 'book', year: 2009, subjects: ['Baking', 'Cookery'], copies: { ipswich: 2, brandon: 1 } },
  { title: 'The Kitchen Diaries', authors: ['Nigel Slater'], format: 'book', year: 2005, subjects: ['Cookery', 'Seasonal cooking'], copies: { haverhill: 1 } },
  { title: 'Jerusalem', authors: ['Yotam Ottolenghi', 'Sami Tamimi'], format: 'book', year: 2012, subjects: ['Cookery, Middle Eastern'], copies: { ipswich: 1, lowestoft: 1 } },
  { title: 'Arabesque', authors: ['Claudia Roden'], subtitle: 'A Taste of Morocco, Turkey and Lebanon', format: 'book', year: 2005, subjects: ['Cookery, Middle Eastern', 'Cookery, Moroccan'], copies: { ipswich: 1, haverhill: 1 } },
  { title: 'How to Be a Domestic Goddess', authors: ['Nigella Lawson'], subtitle: 'Baking and the Art of Comfort Cooking', format: 'book', year: 2000, subjects: ['Baking'], copies: { lowestoft: 1 } },
  { title: 'Made in India', authors: ['Meera Sodha'], subtitle: 'Cooked in Britain', format: 'book', year: 2014, subjects: ['Cookery, Indian'], copies: { ipswich: 1, brandon: 1 } },
  { title: 'Cooking for One', authors: ['Mary Berry'], format: 'large_print', year: 2015, subjects: ['Cookery for one'], copies: { haverhill: 1, lowestoft: 1 } },
  { title: 'Crème de la Crème', authors: ['Kevin Kavanagh'], subtitle: 'Pâtisserie and the Café Kitchen', format: 'ebook', year: 2016, subjects: ['Pastry', 'Desserts'], copies: {} },
  { title: 'The Secret Garden', authors: ['Frances Hodgson Burnett'], format: 'book', year: 1911, audience: 'children', genres: ['Classics'], copies: { ipswich: 1, brandon: 1 } },
  { title: 'Watership Down', authors: ['Richard Adams'], format: 'talking_book', year: 1972, genres: ['Classics'], copies: { lowestoft: 1 } },
  { title: 'The Salt Path', authors: ['Raynor Winn'], format: 'audiobook_cd', year: 2018, subjects: ['South West Coast Path (England)', 'Walking'], copies: { ipswich: 1, haverhill: 1 } },
  { title: 'موسم الهجرة إلى الشمال', authors: ['الطيب صالح'], language: 'ara', format: 'book', year: 1966, genres: ['رواية'], summary: 'يعود راوٍ شاب من أوروبا إلى قريته على النيل ليلتقي رجلاً غامضاً.', copies: { ipswich: 1, haverhill: 1 } },
  { title: 'رجال في الشمس', authors: ['غسان كنفاني'], language: 'ara', format: 'book', year: 1963, genres: ['رواية'], copies: { ipswich: 1 } },
  { title: 'زقاق المدق', authors: ['نجيب محفوظ'], language: 'ara', format: 'book', year: 1947, genres: ['رواية'], copies: { ipswich: 1, lowestoft: 1 } },
  { title: 'ساق البامبو', authors: ['سعود السنعوسي'], language: 'ara', format: 'large_print', year: 2012, genres: ['رواية'], copies: { haverhill: 1 } },
  { title: 'أطباق من المطبخ الشامي', authors: ['سلمى الحلبي'], language: 'ara', format: 'book', year: 2019, subjects: ['الطبخ'], copies: { ipswich: 1 } },
  { title: 'Pan Tadeusz', authors: ['Adam Mickiewicz'], language: 'pol', format: 'book', year: 1834, genres: ['Poezja'], copies: { ipswich: 1, lowestoft: 1 } },
  { title: 'Lalka', authors: ['Bolesław Prus'], language: 'pol', format: 'book', year: 1890, genres: ['Powieść'], copies: { lowestoft: 1 } },
  { title: 'Prowadź swój pług przez kości umarłych', authors: ['Olga Tokarczuk'], language: 'pol', format: 'book', year: 2009, genres: ['Kryminał'], copies: { ipswich: 1, brandon: 1 } },
  { title: 'Księgi Jakubowe', authors: ['Olga Tokarczuk'], language: 'pol', format: 'ebook', year: 2014, genres: ['Powieść historyczna'], copies: {} },
  { title: 'Ogród przez cały rok', authors: ['Marta Rzeźnicka'], language: 'pol', format: 'book', year: 2018, subjects: ['Ogrodnictwo'], copies: { haverhill: 1 } },
];

const SHELF: Record<Format, string> = {
  book: 'Adult non-fiction',
  large_print: 'Large print',
  audiobook_cd: 'Audiobooks',
  talking_book: 'Talking books',
  dvd: 'DVDs',
  ebook: 'Online',
};

function shelfFor(title: DemoTitle): string {
  if (title.language && title.language !== 'eng') return 'World languages';
  if (title.format !== 'book') return SHELF[title.format];
  if (title.genres?.length) return `Fiction: ${title.genres[0]}`;
  return SHELF.book;
}

export interface DemoRecord {
  id: string;
  title: string;
  format: Format;
  barcodes: string[];
}

/**
 * A small Suffolk catalogue across formats and languages, with copies at the four demo branches,
 * all on the shelf. Returns each record with its barcodes, for other modules' demo loans.
 */
export async function loadCatalogueDemo(db: Db, actor: Actor, branches: Record<DemoBranch, { id: string }>): Promise<DemoRecord[]> {
  const records: DemoRecord[] = [];
  const items: { recordId: string; barcode: string; branchId: string; shelfLocation: string }[] = [];
  let sequence = 0;
  for (const title of TITLES) {
    const { copies, year, language, audience, ...fields } = title;
    const record = await createRecord(db, actor, { ...fields, language: language ?? 'eng', publicationYear: year, audience: audience ?? 'adult' });
    const barcodes: string[] = [];
    for (const [branch, count] of Object.entries(copies) as [DemoBranch, number][]) {
      for (let copy = 0; copy < count; copy++) {
        const barcode = `3011${String(++sequence).padStart(6, '0')}`;
        barcodes.push(barcode);
        items.push({ recordId: record.id, barcode, branchId: branches[branch].id, shelfLocation: shelfFor(title) });
      }
    }
    records.push({ id: record.id, title: record.title, format: record.format, barcodes });
  }
  await createItemsInBulk(db, actor, items, { source: 'demo' });
  return records;
}
