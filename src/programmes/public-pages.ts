import { createHash } from 'node:crypto';
import { escapeHtml, fill } from '../notices/messages.ts';
import { scriptJson, sessionEvent } from './json-ld.ts';
import { directionOf, intlLocaleOf, PUBLIC_LANGUAGES, PUBLIC_STRINGS, type PublicLanguage, type PublicStrings } from './public-languages.ts';
import type { PublicProgramme, PublicSession } from './public-programmes.ts';

/**
 * The public programme pages as plain server-rendered HTML: no script, one small inline style
 * sheet, readable on a cheap phone at 320 px, in the reader's language and direction.
 */

// Logical properties only, so the same sheet lays out right-to-left pages.
const STYLE = [
  '*{box-sizing:border-box}',
  'body{margin:0;font:1.125rem/1.5 system-ui,sans-serif;color:#111;background:#fff}',
  'header,main,footer{max-inline-size:42rem;margin-inline:auto;padding:1rem}',
  'a{color:#0a4a94}',
  'a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid #c25400;outline-offset:2px}',
  '.skip{position:absolute;inset-inline-start:.5rem;inset-block-start:-4rem;background:#111;color:#fff;padding:.5rem}',
  '.skip:focus{inset-block-start:.5rem}',
  'ul.row{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0;margin:0}',
  '.langs a{display:block;padding:.25rem .625rem;border:2px solid #0a4a94;border-radius:.25rem;text-decoration:none}',
  '.langs a[aria-current]{background:#0a4a94;color:#fff}',
  '.badge{padding:.125rem .625rem;border:2px solid #17602a;border-radius:1rem;background:#e8f5ea;color:#0c3d18;font-weight:700}',
  'article{border-block-start:2px solid #ccc;padding-block:.5rem 1rem}',
  '.sessions{list-style:none;padding:0}',
  '.sessions li{padding-block:.5rem;border-block-end:1px solid #ccc}',
  '.cancelled{font-weight:700;color:#a50000}',
  '.welcome{background:#fff6e0;border:2px solid #8a5a00;padding:1rem}',
  'label{display:block;margin-block:.75rem .25rem;font-weight:600}',
  'input[type=text]{inline-size:100%;padding:.5rem;font:inherit;border:2px solid #444}',
  'fieldset{border:2px solid #444;margin-block:.75rem}',
  'fieldset label{display:inline-block;margin-inline-end:1rem;font-weight:400}',
  'button{font:inherit;font-weight:700;padding:.625rem 1.25rem;margin-block:1rem;background:#0a4a94;color:#fff;border:0;border-radius:.25rem}',
  '.error{color:#a50000;font-weight:700}',
  '.visually-hidden{position:absolute;inline-size:1px;block-size:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}',
].join('');

/** The page's Content-Security-Policy: nothing runs, only the inline style sheet above applies. */
export const PAGE_POLICY = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`;

const e = escapeHtml;

export interface PageContext {
  language: PublicLanguage;
  /** The page's path, for the language links. */
  path: string;
  /** Query parameters to keep when switching language. */
  keep?: Record<string, string | undefined>;
}

function languageHref(context: PageContext, language: PublicLanguage): string {
  const query = new URLSearchParams({ ...(Object.fromEntries(Object.entries(context.keep ?? {}).filter(([, v]) => v !== undefined)) as Record<string, string>), lang: language });
  return `${context.path}?${query}`;
}

function languageLinks(context: PageContext, strings: PublicStrings): string {
  const links = PUBLIC_LANGUAGES.map((language) => {
    const current = language === context.language ? ' aria-current="true"' : '';
    return `<li><a href="${e(languageHref(context, language))}" hreflang="${language}" lang="${intlLocaleOf(language)}"${current}>${e(PUBLIC_STRINGS[language].languageName)}</a></li>`;
  });
  return `<nav aria-label="${e(strings.languageMenu)}"><ul class="row langs">${links.join('')}</ul></nav>`;
}

function shell(context: PageContext, title: string, main: string, extraHead = ''): string {
  const strings = PUBLIC_STRINGS[context.language];
  const alternates = PUBLIC_LANGUAGES.map((language) => `<link rel="alternate" hreflang="${language}" href="${e(languageHref(context, language))}">`).join('');
  return [
    `<!doctype html><html lang="${intlLocaleOf(context.language)}" dir="${directionOf(context.language)}"><head><meta charset="utf-8">`,
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${e(title)}</title>${alternates}<style>${STYLE}</style>${extraHead}</head><body>`,
    `<a class="skip" href="#main">${e(strings.skipToContent)}</a>`,
    `<header>${languageLinks(context, strings)}</header>`,
    `<main id="main" tabindex="-1">${main}</main>`,
    '</body></html>',
  ].join('');
}

/** Text in the programme's own language keeps its language and direction inside a page in another. */
function inTextLanguage(programme: PublicProgramme, tag: string, html: string, context: PageContext): string {
  if (programme.textLanguage === context.language) return `<${tag}>${html}</${tag}>`;
  return `<${tag} lang="${e(programme.textLanguage)}" dir="auto">${html}</${tag}>`;
}

function badges(programme: PublicProgramme, strings: PublicStrings): string {
  const shown = [programme.badges.free && strings.free, programme.badges.womenOnly && strings.womenOnly, programme.badges.noBookingNeeded && strings.noBookingNeeded].filter(Boolean);
  return shown.length > 0 ? `<ul class="row">${shown.map((text) => `<li class="badge">${e(text as string)}</li>`).join('')}</ul>` : '';
}

function sessionLine(session: PublicSession, programme: PublicProgramme, context: PageContext): string {
  const strings = PUBLIC_STRINGS[context.language];
  const locale = intlLocaleOf(context.language);
  const timeZone = programme.libraryService.timeZone;
  const day = new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone }).format(session.startsAt);
  const hours = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone }).formatRange(session.startsAt, session.endsAt);
  const place = [session.branchName, session.room && `${strings.room}: ${session.room}`].filter(Boolean).join(' · ');
  const cancelled = session.status === 'cancelled' ? `<span class="cancelled">${e(strings.cancelled)}:</span> ` : '';
  const topic = session.topic ? `<br>${e(strings.topic)}: <bdi>${e(session.topic)}</bdi>` : '';
  return `<li>${cancelled}<time datetime="${session.startsAt.toISOString()}">${e(day)}, ${e(hours)}</time><br><bdi>${e(place)}</bdi>${topic}</li>`;
}

function sessionList(programme: PublicProgramme, context: PageContext): string {
  const strings = PUBLIC_STRINGS[context.language];
  if (programme.nextSessions.length === 0) return `<p>${e(strings.noUpcomingSessions)}</p>`;
  return `<ul class="sessions">${programme.nextSessions.map((session) => sessionLine(session, programme, context)).join('')}</ul>`;
}

function whereAndCalendar(programme: PublicProgramme, strings: PublicStrings): string {
  const branches = programme.branches.map((branch) => {
    const address = branch.address ? `<br><bdi>${e(branch.address)}</bdi>` : '';
    const map = branch.mapUrl ? `<br><a href="${e(branch.mapUrl)}">${e(strings.showOnMap)}<span class="visually-hidden">: <bdi>${e(branch.name)}</bdi></span></a>` : '';
    return `<li><bdi>${e(branch.name)}</bdi>${address}${map}</li>`;
  });
  return `<h3>${e(strings.where)}</h3><ul>${branches.join('')}</ul><p><a href="${e(programme.calendarUrl)}" type="text/calendar">${e(strings.addToCalendar)} (.ics)</a></p>`;
}

function donation(programme: PublicProgramme, context: PageContext): string {
  if (programme.suggestedDonationPence === null) return '';
  const amount = new Intl.NumberFormat(intlLocaleOf(context.language), { style: 'currency', currency: programme.currency }).format(programme.suggestedDonationPence / 100);
  return `<p>${e(fill(PUBLIC_STRINGS[context.language].suggestedDonation, { amount }))}</p>`;
}

function programmeSummary(programme: PublicProgramme, context: PageContext): string {
  const strings = PUBLIC_STRINGS[context.language];
  const link = `/public/programmes/${programme.id}?lang=${context.language}`;
  return [
    `<article aria-labelledby="p-${programme.id}">`,
    inTextLanguage(programme, 'h2', `<a id="p-${programme.id}" href="${e(link)}">${e(programme.name)}</a>`, context),
    badges(programme, strings),
    inTextLanguage(programme, 'p', e(programme.description), context),
    `<h3>${e(strings.upcomingSessions)}</h3>`,
    sessionList(programme, context),
    `<p><a href="${e(link)}">${e(fill(strings.moreAbout, { name: programme.name }))}</a></p>`,
    '</article>',
  ].join('');
}

export function programmesPage(programmes: PublicProgramme[], context: PageContext): string {
  const strings = PUBLIC_STRINGS[context.language];
  const body = programmes.length > 0 ? programmes.map((programme) => programmeSummary(programme, context)).join('') : `<p>${e(strings.noProgrammes)}</p>`;
  return shell(context, strings.siteTitle, `<h1>${e(strings.siteTitle)}</h1>${body}`);
}

const eventsJsonLd = (programme: PublicProgramme) =>
  programme.nextSessions.map((session) => `<script type="application/ld+json">${scriptJson(sessionEvent(programme, session))}</script>`).join('');

function programmeDetail(programme: PublicProgramme, context: PageContext, welcome = ''): string {
  const strings = PUBLIC_STRINGS[context.language];
  return [
    inTextLanguage(programme, 'h1', e(programme.name), context),
    badges(programme, strings),
    welcome,
    inTextLanguage(programme, 'p', e(programme.description), context),
    programme.eligibilityNote ? inTextLanguage(programme, 'p', e(programme.eligibilityNote), context) : '',
    donation(programme, context),
    whereAndCalendar(programme, strings),
    `<h2>${e(strings.upcomingSessions)}</h2>`,
    sessionList(programme, context),
    `<p><a href="/public/programmes?lang=${context.language}">${e(strings.allProgrammes)}</a></p>`,
    `<footer><p>${e(fill(strings.runBy, { library: programme.libraryService.name }))}</p></footer>`,
  ].join('');
}

export function programmePage(programme: PublicProgramme, context: PageContext): string {
  return shell(context, programme.name, programmeDetail(programme, context), eventsJsonLd(programme));
}

export function notFoundPage(context: PageContext, explanation: 'notFoundText' | 'invitationGone' = 'notFoundText'): string {
  const strings = PUBLIC_STRINGS[context.language];
  return shell(context, strings.notFoundTitle, `<h1>${e(strings.notFoundTitle)}</h1><p>${e(strings[explanation])}</p><p><a href="/public/programmes?lang=${context.language}">${e(strings.allProgrammes)}</a></p>`);
}

export interface InvitationForm {
  preferredName: string;
  languages: string[];
  contact: string;
  wantsCancellationNotices: boolean;
  eligibilityConfirmed: boolean;
}

export type InvitationProblem = 'nameMissing' | 'eligibilityMissing' | 'contactNeeded' | 'tooManyReplies';

function invitationFormHtml(programme: PublicProgramme, context: PageContext, code: string, form: InvitationForm, problems: InvitationProblem[]): string {
  const strings = PUBLIC_STRINGS[context.language];
  const checked = (on: boolean) => (on ? ' checked' : '');
  const errors = problems.length > 0 ? `<div role="alert">${problems.map((p) => `<p class="error">${e(strings[p])}</p>`).join('')}</div>` : '';
  const languageBoxes = PUBLIC_LANGUAGES.map(
    (language) => `<label lang="${intlLocaleOf(language)}"><input type="checkbox" name="languages" value="${language}"${checked(form.languages.includes(language))}> ${e(PUBLIC_STRINGS[language].languageName)}</label>`,
  ).join('');
  const eligibility = programme.badges.womenOnly
    ? `<p><label><input type="checkbox" name="eligibilityConfirmed" value="yes" required${checked(form.eligibilityConfirmed)}> ${e(strings.eligibilityConfirm)}</label></p>`
    : '';
  return [
    `<section class="welcome" aria-labelledby="form-heading"><h2 id="form-heading">${e(strings.formHeading)}</h2>${errors}`,
    `<form method="post" action="/public/invitations/${encodeURIComponent(code)}?lang=${context.language}">`,
    `<label for="preferredName">${e(strings.preferredName)}</label><input type="text" id="preferredName" name="preferredName" required maxlength="100" autocomplete="given-name" value="${e(form.preferredName)}">`,
    `<fieldset><legend>${e(strings.languagesSpoken)}</legend>${languageBoxes}</fieldset>`,
    `<label for="contact">${e(strings.contact)}</label><input type="text" id="contact" name="contact" maxlength="200" autocomplete="email" value="${e(form.contact)}">`,
    `<p><label><input type="checkbox" name="wantsCancellationNotices" value="yes"${checked(form.wantsCancellationNotices)}> ${e(strings.wantsCancellationNotices)}</label></p>`,
    eligibility,
    `<button type="submit">${e(strings.submit)}</button></form></section>`,
  ].join('');
}

export function invitationPage(programme: PublicProgramme, context: PageContext, code: string, form: InvitationForm, problems: InvitationProblem[] = []): string {
  const strings = PUBLIC_STRINGS[context.language];
  const welcome = `<p><strong>${e(fill(strings.invitationHeading, { name: programme.name }))}</strong></p><p>${e(strings.invitationIntro)}</p>${invitationFormHtml(programme, context, code, form, problems)}`;
  return shell(context, fill(strings.invitationHeading, { name: programme.name }), programmeDetail(programme, context, welcome), eventsJsonLd(programme));
}

export function thankYouPage(programme: PublicProgramme, context: PageContext): string {
  const strings = PUBLIC_STRINGS[context.language];
  const welcome = `<section class="welcome" role="status"><h2>${e(strings.thankYouHeading)}</h2><p>${e(strings.thankYouText)}</p></section>`;
  return shell(context, strings.thankYouHeading, programmeDetail(programme, context, welcome));
}
