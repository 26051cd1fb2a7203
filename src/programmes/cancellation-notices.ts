import type { Queryable } from '../platform/database/database.ts';
import type { Mailer, OutgoingMessage } from '../platform/mail/mailer.ts';
import { fill, isolate } from '../notices/messages.ts';
import { addDays } from '../policies/calendar.ts';
import { zonedInstant } from './recurrence.ts';
import { translatedNames } from './programme-store.ts';
import { cancellationRecipientRows, insertCancellationNotices } from './session-store.ts';

export const CANCELLATION_NOTICE_KIND = 'programme_session_cancelled';
/** Someone who came within this many days is expected at the next session. */
const EXPECTED_WITHIN_DAYS = 56;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface Catalogue {
  locale: string;
  subject: string;
  greeting: string;
  cancelled: string;
  sorry: string;
  footer: string;
}

/**
 * The notice says which session is off and nothing about who was coming: the programme, the
 * branch, the date and time. Languages without a catalogue read English.
 */
const catalogues: Record<string, Catalogue> = {
  en: {
    locale: 'en-GB',
    subject: 'Cancelled: {programme} on {date}',
    greeting: 'Hello,',
    cancelled: 'The {programme} session at {branch} on {date} at {time} is cancelled.',
    sorry: 'We are sorry for the change and hope to see you at the next session.',
    footer: 'You get this message because you asked {library} to tell you when a session is cancelled. To stop these messages, tell the staff at your next session.',
  },
  ar: {
    locale: 'ar',
    subject: 'إلغاء: {programme} يوم {date}',
    greeting: 'مرحبًا،',
    cancelled: 'أُلغيت جلسة {programme} في {branch} يوم {date} الساعة {time}.',
    sorry: 'نعتذر عن هذا التغيير، ونأمل أن نراك في الجلسة القادمة.',
    footer: 'تصلك هذه الرسالة لأنك طلبت من {library} إبلاغك عند إلغاء أي جلسة. لإيقاف هذه الرسائل، أخبر فريق المكتبة في جلستك القادمة.',
  },
};
const RTL = new Set(['ar']);

export interface CancelledSession {
  id: string;
  tenantId: string;
  programmeId: string;
  jointProgrammeId: string | null;
  programmeName: string;
  branchName: string;
  startsAt: Date;
  timeZone: string;
  libraryName: string;
}

const catalogueLanguage = (tag: string) => {
  const base = tag.toLowerCase().split('-')[0]!;
  return base in catalogues ? base : 'en';
};

/** The notice in one language; `programmeName` is already in that language where translated. */
export function composeCancellationNotice(language: string, session: CancelledSession, programmeName: string): { subject: string; text: string } {
  const chosen = catalogueLanguage(language);
  const catalogue = catalogues[chosen]!;
  // Latin names inside right-to-left text are isolated so they do not reorder the words around them.
  const wrap = RTL.has(chosen) ? isolate : (value: string) => value;
  const date = new Intl.DateTimeFormat(catalogue.locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: session.timeZone }).format(session.startsAt);
  const time = new Intl.DateTimeFormat(catalogue.locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: session.timeZone }).format(session.startsAt);
  const values = { programme: wrap(programmeName), branch: wrap(session.branchName), date, time, library: wrap(session.libraryName) };
  return {
    subject: fill(catalogue.subject, values),
    text: [catalogue.greeting, '', fill(catalogue.cancelled, values), '', catalogue.sorry, '', fill(catalogue.footer, values)].join('\n'),
  };
}

/**
 * Emails each expected participant who asked to hear of cancellations, once per session, in her
 * notice language. Answers how many were told.
 */
export async function sendCancellationNotices(db: Queryable, mailer: Mailer, today: string, session: CancelledSession): Promise<number> {
  const programmeIds = [session.programmeId, ...(session.jointProgrammeId ? [session.jointProgrammeId] : [])];
  const attendedSince = zonedInstant(addDays(today, -EXPECTED_WITHIN_DAYS), '00:00', session.timeZone);
  const recipients = (await cancellationRecipientRows(db, session.tenantId, session.id, programmeIds, attendedSince)).filter((row) => EMAIL.test(row.contact!.trim()));
  if (recipients.length === 0) return 0;
  const names = await translatedNames(db, session.programmeId, [...new Set(recipients.map((row) => row.notice_language))]);
  const messages: OutgoingMessage[] = recipients.map((row) => ({
    tenantId: session.tenantId,
    kind: CANCELLATION_NOTICE_KIND,
    to: row.contact!.trim(),
    ...composeCancellationNotice(row.notice_language, session, names.get(row.notice_language) ?? session.programmeName),
  }));
  const outboxIds = await mailer.composeMany(db, messages);
  await insertCancellationNotices(
    db,
    session.id,
    recipients.map((row, index) => ({ participantId: row.id, outboxId: outboxIds[index]! })),
  );
  return recipients.length;
}
