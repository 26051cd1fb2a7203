import PDFDocument from 'pdfkit';
import { layoutParagraph, textForShaper, type RunScript, type TextRun } from '../platform/pdf/text.ts';
import { faceName, registerFaces, type Weight } from '../platform/pdf/faces.ts';
import type { PersonView, SubjectAccessExport } from './privacy.ts';

/**
 * The subject access copy as a document a person can read: plain headings, dates in words, codes
 * turned into words, and names or stories in Arabic (or any right-to-left script) laid out right to
 * left with the fonts and text layout of platform/pdf. The model is built first, then drawn.
 */

export type BlockStyle = 'title' | 'heading' | 'subheading' | 'body' | 'quote' | 'small';

export interface DocumentBlock {
  text: string;
  style: BlockStyle;
}

export interface DocumentSection {
  heading: string;
  blocks: DocumentBlock[];
}

export interface PrivacyDocument {
  title: string;
  /** Who asked for it, when, and what it holds. */
  intro: DocumentBlock[];
  sections: DocumentSection[];
}

const words = (code: string) => code.replace(/_/g, ' ');

const CONTACT_WORDS: Record<string, string> = {
  phone: 'by phone',
  text: 'by text message',
  email: 'by email',
  letter: 'by letter',
  in_person: 'in person',
  through_referrer: 'through the person who referred you',
};

const ACTION_WORDS: Record<string, string> = {
  'referral.story_viewed': 'read your story and details',
  'referral.viewed': 'opened a referral',
  'referral.subject_access_exported': 'made a copy of your information for you',
  'referral.created': 'sent a referral',
  'referral.status_changed': 'changed the state of a referral',
  'referral.safeguarding_basis_used': 'shared your information without consent, to keep someone safe',
};

const actionInWords = (action: string) => ACTION_WORDS[action] ?? words(action.replace(/^referral\./, ''));

/** Dates as words in the library service's time zone, e.g. “3 December 2026 at 14:05”. */
function dateWriter(timeZone: string) {
  const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone });
  const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone });
  return {
    at: (value: Date | string) => `${day.format(new Date(value))} at ${time.format(new Date(value))}`,
    on: (value: Date | string) => day.format(new Date(value)),
    /** A calendar date (YYYY-MM-DD) is a day everywhere: it is read in UTC so it does not shift. */
    onDate: (value: string) => new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`)),
  };
}

const body = (text: string): DocumentBlock => ({ text, style: 'body' });
const small = (text: string): DocumentBlock => ({ text, style: 'small' });
const subheading = (text: string): DocumentBlock => ({ text, style: 'subheading' });
const quote = (text: string): DocumentBlock => ({ text, style: 'quote' });
const yesNo = (value: boolean) => (value ? 'yes' : 'no');

function viewLine(view: PersonView, at: (value: Date | string) => string) {
  const who = view.organisation ? `${view.actorName} of ${view.organisation.name}` : view.actorName;
  return `${at(view.at)}: ${who} ${actionInWords(view.action)}.`;
}

/** What the document says, section by section, before any of it is drawn. */
export function privacyDocument(data: SubjectAccessExport): PrivacyDocument {
  const date = dateWriter(data.libraryService.timeZone);
  const { person } = data;
  const about: DocumentBlock[] = [
    body(`Name: ${person.name}`),
    body(`How to reach you: ${CONTACT_WORDS[person.contactMethod] ?? words(person.contactMethod)}${person.contactDetail ? `, ${person.contactDetail}` : ''}`),
    ...(person.safeTimes ? [body(`Safe times to reach you: ${person.safeTimes}`)] : []),
    body(`Safe to leave a message: ${yesNo(person.safeToLeaveMessage)}`),
    ...(person.preferredLanguage ? [body(`Preferred language: ${person.preferredLanguage}`)] : []),
    body(`Interpreter needed: ${yesNo(person.interpreterNeeded)}`),
    small(`First recorded by ${person.recordedBy.name} on ${date.on(person.createdAt)}.`),
  ];

  const story = data.story.flatMap((entry) => [small(`Written by ${entry.writtenByName} of ${entry.organisation.name} on ${date.at(entry.writtenAt)}:`), quote(entry.body)]);

  const consents = data.consents.flatMap((consent, index) => [
    subheading(`Consent ${index + 1}, given on ${date.on(consent.givenAt)}`),
    body(`Given by: ${consent.givenBy}${consent.givenByRelationship ? ` (${consent.givenByRelationship})` : ''}, ${consent.method === 'written' ? 'in writing' : 'out loud'}`),
    body(`Organisations you agreed to share with: ${consent.organisations.map((organisation) => organisation.name).join(', ') || 'none named'}`),
    body('The words you agreed to:'),
    quote(consent.wording),
    ...(consent.validUntil ? [body(`Valid until ${date.onDate(consent.validUntil)}`)] : []),
    small(`Recorded by ${consent.recordedByName}.`),
    ...(consent.withdrawnAt
      ? [body(`Withdrawn on ${date.at(consent.withdrawnAt)}${consent.withdrawnByName ? `, recorded by ${consent.withdrawnByName}` : ''}.`), ...(consent.withdrawalNote ? [quote(consent.withdrawalNote)] : [])]
      : []),
  ]);

  const referrals = data.referrals.flatMap((referral) => [
    subheading(`${referral.sendingOrganisation.name} to ${referral.receivingOrganisation.name}: ${referral.serviceName}`),
    body(`Sent on ${date.at(referral.createdAt)} by ${referral.sentByName}. Urgency: ${referral.urgency}. State now: ${words(referral.status)}.`),
    ...(referral.needs.length ? [body(`What you needed help with: ${referral.needs.map(words).join(', ')}`)] : []),
    ...(referral.needsNote ? [quote(referral.needsNote)] : []),
    ...(referral.safeguardingBasis ? [body('Shared without your consent, to keep someone safe, because:'), quote(referral.safeguardingBasis)] : []),
    ...(referral.statusReason ? [body(`Reason given: ${referral.statusReason}`)] : []),
    ...(referral.outcomeCode ? [body(`Outcome: ${words(referral.outcomeCode)}${referral.outcomeNote ? ` (${referral.outcomeNote})` : ''}`)] : []),
    ...(referral.closedAt ? [body(`Closed on ${date.at(referral.closedAt)}.`)] : []),
    body('What happened:'),
    ...referral.events.map((event) =>
      small(
        [
          `${date.at(event.at)}: ${words(event.kind)}`,
          event.toStatus ? ` (now ${words(event.toStatus)})` : '',
          ` by ${event.actorName}${event.organisation ? ` of ${event.organisation.name}` : ''}`,
          event.reason ? `. Reason: ${event.reason}` : '',
          event.note ? `. Note: ${event.note}` : '',
        ].join(''),
      ),
    ),
  ]);

  return {
    title: `What Warm Handover at ${data.libraryService.name} holds about you`,
    intro: [
      body(`This is a copy of all the information held about you in Warm Handover, the referrals between ${data.libraryService.name} and its partner organisations.`),
      small(`Made on ${date.at(data.exportedAt)} by ${data.exportedBy.name} of ${data.exportedBy.organisation.name}.`),
    ],
    sections: [
      { heading: 'About you', blocks: about },
      { heading: 'Your story', blocks: story.length ? story : [body('Nothing has been written down.')] },
      { heading: 'Your consent to share', blocks: consents.length ? consents : [body('No consent has been recorded.')] },
      { heading: 'Your referrals', blocks: referrals.length ? referrals : [body('You have no referrals.')] },
      {
        heading: 'Who has seen your information',
        blocks: data.views.length ? data.views.map((view) => small(viewLine(view, date.at))) : [body('Nobody has opened your information yet.')],
      },
    ],
  };
}


const STYLE: Record<BlockStyle, { size: number; weight: Weight; indent: number; before: number; after: number }> = {
  title: { size: 20, weight: 'bold', indent: 0, before: 0, after: 8 },
  heading: { size: 15, weight: 'bold', indent: 0, before: 14, after: 6 },
  subheading: { size: 12, weight: 'bold', indent: 0, before: 8, after: 3 },
  body: { size: 11, weight: 'regular', indent: 0, before: 0, after: 3 },
  quote: { size: 11, weight: 'regular', indent: 18, before: 0, after: 5 },
  small: { size: 9.5, weight: 'regular', indent: 0, before: 0, after: 2 },
};
const LINE_GAP = 3;
const KEEPS_WITH_NEXT = new Set<BlockStyle>(['heading', 'subheading']);
const KEEP_LINES = 4;
const RIGHT_TO_LEFT_FIRST = /^[^\p{L}]*[\p{Script=Arabic}\p{Script=Hebrew}]/u;

/** Draws blocks down the page: lines broken and reordered by platform/pdf/text.ts, each run in its script's face, a right-to-left paragraph aligned right. */
function blockWriter(doc: PDFKit.PDFDocument) {
  const allFaces = registerFaces(doc);
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  return (block: DocumentBlock) => {
    const style = STYLE[block.style];
    const select = (run: TextRun) => doc.font(faceName(run.script, style.weight)).fontSize(style.size);
    const widthOf = (run: TextRun) => select(run).widthOfString(textForShaper(run), { features: [] });
    const lineWidth = width - style.indent;
    const lines = layoutParagraph(block.text, 'auto', lineWidth, widthOf);
    const rightToLeft = RIGHT_TO_LEFT_FIRST.test(block.text);
    // A heading keeps a few lines of what follows it on its page.
    if (KEEPS_WITH_NEXT.has(block.style) && doc.y + style.before + KEEP_LINES * style.size * 1.5 > bottom() && doc.y > doc.page.margins.top) doc.addPage();
    doc.y += style.before;
    for (const line of lines) {
      const used = [...new Set<RunScript>(['other', ...line.map((run) => run.script)])];
      const ascent = Math.max(...used.map((script) => allFaces[script][style.weight].ascent)) * style.size;
      const lineHeight = Math.max(...used.map((script) => doc.font(faceName(script, style.weight)).fontSize(style.size).currentLineHeight())) + LINE_GAP;
      if (doc.y + lineHeight > bottom()) doc.addPage();
      const top = doc.y;
      const drawn = line.reduce((sum, run) => sum + widthOf(run), 0);
      let x = rightToLeft ? left + width - drawn : left + style.indent;
      for (const run of line) {
        select(run).text(textForShaper(run), x, top + ascent, { lineBreak: false, baseline: 'alphabetic', features: [] });
        x += widthOf(run);
      }
      doc.y = top + lineHeight;
    }
    doc.y += style.after;
  };
}

/** The document as an A4 PDF; tests turn compression off to read its text. */
export function renderPrivacyPdf(document: PrivacyDocument, options: { compress?: boolean } = {}): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 56, compress: options.compress ?? true, lang: 'en-GB', displayTitle: true, info: { Title: document.title } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.fillColor('#000000');
  const write = blockWriter(doc);
  write({ text: document.title, style: 'title' });
  document.intro.forEach(write);
  for (const section of document.sections) {
    write({ text: section.heading, style: 'heading' });
    section.blocks.forEach(write);
  }
  doc.end();
  return finished;
}
