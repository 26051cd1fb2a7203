import type { Actor } from '../platform/auth/principal.ts';
import type { Db } from '../platform/database/database.ts';
import { outboxOnlyMailer } from '../platform/mail/mailer-service.ts';
import { addDays } from '../policies/calendar.ts';
import { promoteAmbassador } from './ambassadors.ts';
import { registerInvitedNewcomer } from './invitations.ts';
import { recordOutreach } from './outreach.ts';
import { addProgrammeBranch, createProgramme } from './programmes.ts';
import { addNewcomer, tickAttendance, updateTally } from './register.ts';
import { addResource } from './resources.ts';
import { createSchedule } from './schedules.ts';
import { cancelSession, createOneOffSession, listProgrammeSessions } from './sessions.ts';
import type { Session } from './session-presenters.ts';
import { recordSignposting } from './signposting.ts';
import type { HeardVia } from './tables.ts';
import { createTopic } from './topics.ts';
import { CHAT_AND_CHILL, CHAT_AND_CHILL_TRANSLATIONS, GP_PHRASES } from './demo-texts.ts';

type DemoBranch = { id: string };

interface ProgrammesDemoInput {
  branches: Record<'ipswich' | 'haverhill' | 'lowestoft' | 'brandon', DemoBranch>;
  organisations: Record<'charity' | 'health', { id: string }>;
  today: string;
}

/** A woman who comes to Chat and chill in Ipswich, and the session (counted from the first) at which she first came. */
interface DemoWoman {
  name: string;
  languages: string[];
  heardVia: HeardVia;
  firstSession: number;
  /** Sessions she has missed since. */
  missed?: number[];
  invitedBy?: 'amal' | 'oksana';
  contact?: string;
}

const WOMEN: DemoWoman[] = [
  { name: 'Amal', languages: ['ar'], heardVia: 'walk_in', firstSession: 0 },
  { name: 'Oksana', languages: ['uk', 'ru'], heardVia: 'partner_referral', firstSession: 0, contact: 'oksana@mail.demo.hearth.example' },
  { name: 'Farida', languages: ['prs'], heardVia: 'school', firstSession: 1, missed: [4] },
  { name: 'Gulalai', languages: ['ps'], heardVia: 'school', firstSession: 2, missed: [5, 6] },
  { name: 'Maryam', languages: ['ar'], heardVia: 'ambassador', invitedBy: 'amal', firstSession: 4 },
  { name: 'Ioana', languages: ['ro'], heardVia: 'walk_in', firstSession: 5, missed: [7] },
  { name: 'Halyna', languages: ['uk'], heardVia: 'ambassador', invitedBy: 'oksana', firstSession: 6 },
  { name: 'Nadia', languages: ['ar', 'fr'], heardVia: 'ambassador', invitedBy: 'amal', firstSession: 8 },
];

/** Session topics covered, in turn. */
const TOPIC_ORDER = ['gp', 'school', 'bus'] as const;

/**
 * Chat and chill, Suffolk's women-only group for newly arrived women: it began at Ipswich County
 * Library ten weeks ago and has spread to Haverhill, Lowestoft and Brandon. Ipswich keeps a named
 * register (Amal and Oksana are ambassadors who bring newcomers; Zahra answered Amal's invitation
 * and is expected next time); the other branches count heads. One coming session is cancelled, so
 * Oksana, who asked to hear of cancellations, has a notice in the outbox. Elsewhere Haverhill's
 * Basic English class and gardening club meet for a joint session.
 */
export async function loadProgrammesDemo(db: Db, actor: Actor, input: ProgrammesDemoInput) {
  const { branches, organisations, today } = input;
  const topics = await loadTopics(db, actor);
  const chat = await createProgramme(db, actor, {
    ...CHAT_AND_CHILL,
    branchIds: [branches.ipswich.id],
    partnerOrganisationIds: [organisations.charity.id],
    topicIds: Object.values(topics).map((topic) => topic.id),
    translations: CHAT_AND_CHILL_TRANSLATIONS,
  });
  for (const branch of [branches.haverhill, branches.lowestoft, branches.brandon]) await addProgrammeBranch(db, actor, chat.id, branch.id);

  const weekly = { startsLocal: '10:00', endsLocal: '11:30', facilitator: 'Samira Haddad' };
  await createSchedule(db, actor, today, chat.id, { ...weekly, branchId: branches.ipswich.id, rrule: 'FREQ=WEEKLY;BYDAY=TU', firstDate: addDays(today, -70), room: 'Community Room', capacity: 25 });
  await createSchedule(db, actor, today, chat.id, { branchId: branches.haverhill.id, rrule: 'FREQ=WEEKLY;BYDAY=TH', firstDate: addDays(today, -42), startsLocal: '13:30', endsLocal: '15:00', room: 'Meeting Room' });
  await createSchedule(db, actor, today, chat.id, { ...weekly, branchId: branches.lowestoft.id, rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=WE', firstDate: addDays(today, -28), room: 'Study Room' });
  await createSchedule(db, actor, today, chat.id, { ...weekly, branchId: branches.brandon.id, rrule: 'FREQ=WEEKLY;BYDAY=FR', firstDate: addDays(today, -3) });

  const { items: sessions } = await listProgrammeSessions(db, actor.tenantId, today, chat.id, { from: addDays(today, -80), to: addDays(today, 30) });
  const past = (branchId: string) => sessions.filter((s) => s.branchId === branchId && s.date < today);
  const ambassadors = await takeIpswichRegisters(db, actor, past(branches.ipswich.id), topics);
  for (const [index, session] of [...past(branches.haverhill.id), ...past(branches.lowestoft.id)].entries()) {
    await updateTally(db, actor, session.id, { unnamedAttendees: 4 + (index % 4), donationsPence: 60 + 20 * (index % 3), topicIds: [topics[TOPIC_ORDER[index % 3]!].id] });
  }

  await registerInvitedNewcomer(db, ambassadors.amal.inviteCode, { preferredName: 'Zahra', languages: ['ar'], eligibilityConfirmed: true });
  await recordOutreach(db, actor, today, chat.id, { ambassadorId: ambassadors.amal.id, contactName: 'St Helen’s Primary School', contactKind: 'school', contactedOn: addDays(today, -20), outcome: 'The head teacher will put our flyer in book bags.', followUpOn: addDays(today, -2) });
  await recordOutreach(db, actor, today, chat.id, { ambassadorId: ambassadors.oksana.id, contactName: 'Ukrainian Community Centre, Ipswich', contactKind: 'community_group', contactedOn: addDays(today, -9), outcome: 'Invited to speak at their Saturday coffee morning.', followUpOn: addDays(today, 14) });

  const coming = sessions.filter((s) => s.branchId === branches.ipswich.id && s.date > today);
  if (coming[1]) await cancelSession(db, outboxOnlyMailer, actor, today, coming[1].id, 'The community room is closed for repairs.');

  await loadJointSession(db, actor, branches.haverhill, today);
  return { programmeId: chat.id };
}

async function loadTopics(db: Db, actor: Actor) {
  const gp = await createTopic(db, actor, { name: 'Booking a GP appointment', description: 'Registering with a surgery, phoning the receptionist, describing symptoms.' });
  await addResource(db, actor, gp.id, { kind: 'link', title: 'NHS: how to register with a GP surgery', language: 'en', url: 'https://www.nhs.uk/nhs-services/gps/how-to-register-with-a-gp-surgery/' });
  await addResource(db, actor, gp.id, { kind: 'phrase_sheet', title: 'Phrases for the GP receptionist (English and Arabic)', language: 'ar', fileName: 'gp-phrases-en-ar.txt', contentType: 'text/plain; charset=utf-8', contentBase64: Buffer.from(GP_PHRASES).toString('base64') });
  const school = await createTopic(db, actor, { name: 'Talking to your child’s teacher', description: 'Parents’ evenings, reporting an absence, reading the school newsletter.' });
  await addResource(db, actor, school.id, { kind: 'link', title: 'GOV.UK: school admissions', language: 'en', url: 'https://www.gov.uk/schools-admissions' });
  const bus = await createTopic(db, actor, { name: 'Getting around by bus', description: 'Buying a ticket, asking for a stop, timetables.' });
  await addResource(db, actor, bus.id, { kind: 'link', title: 'Suffolk On Board: buses and timetables', language: 'en', url: 'https://www.suffolkonboard.com/' });
  return { gp, school, bus };
}

/** Ipswich's registers, week by week: who came, newcomers added in one step, and the tally. */
async function takeIpswichRegisters(db: Db, actor: Actor, sessions: Session[], topics: Record<(typeof TOPIC_ORDER)[number], { id: string }>) {
  const ids = new Map<string, string>();
  const ambassadors: Partial<Record<'amal' | 'oksana', { id: string; inviteCode: string }>> = {};
  for (const [index, session] of sessions.entries()) {
    for (const woman of WOMEN) {
      if (woman.firstSession > index || woman.missed?.includes(index)) continue;
      const known = ids.get(woman.name);
      if (known) await tickAttendance(db, actor, session.id, known);
      else ids.set(woman.name, (await addNewcomer(db, actor, session.id, newcomerOf(woman, ambassadors))).participant.id);
    }
    await updateTally(db, actor, session.id, { unnamedAttendees: index % 3, donationsPence: 120 + 30 * (index % 4), topicIds: [topics[TOPIC_ORDER[index % 3]!].id] });
    if (index === 2) {
      ambassadors.amal = await promoteAmbassador(db, actor, '', session.programmeId, ids.get('Amal')!);
      ambassadors.oksana = await promoteAmbassador(db, actor, '', session.programmeId, ids.get('Oksana')!);
    }
    if (index === 3) {
      await recordSignposting(db, actor, session.id, { need: 'health', serviceName: 'Ipswich and East Suffolk Social Prescribing', note: 'Asked where to get help with feeling low since arriving.' });
    }
    if (index === 6) {
      await recordSignposting(db, actor, session.id, { need: 'language', serviceName: 'Suffolk Adult Learning: ESOL classes', participantId: ids.get('Farida')!, participantConsented: true });
    }
  }
  return ambassadors as Record<'amal' | 'oksana', { id: string; inviteCode: string }>;
}

function newcomerOf(woman: DemoWoman, ambassadors: Partial<Record<'amal' | 'oksana', { id: string }>>) {
  return {
    preferredName: woman.name,
    languages: woman.languages,
    heardVia: woman.heardVia,
    invitedByAmbassadorId: woman.invitedBy ? ambassadors[woman.invitedBy]?.id ?? null : null,
    contact: woman.contact ?? null,
    wantsCancellationNotices: !!woman.contact,
    noticeLanguage: woman.languages[0] === 'ar' ? 'ar' : 'en',
    eligibilityConfirmed: true,
  };
}

/** Haverhill's Basic English class and its gardening club, meeting together once among the bulbs. */
async function loadJointSession(db: Db, actor: Actor, haverhill: DemoBranch, today: string) {
  const english = await createProgramme(db, actor, {
    name: 'Basic English',
    description: 'A relaxed class for adults starting to learn English. Everyone is welcome.',
    audience: 'adults',
    branchIds: [haverhill.id],
  });
  const gardening = await createProgramme(db, actor, {
    name: 'Gardening club',
    description: 'Tending the library’s garden beds together, whatever the weather.',
    audience: 'everyone',
    suggestedDonationPence: 50,
    branchIds: [haverhill.id],
  });
  await createSchedule(db, actor, today, english.id, { branchId: haverhill.id, rrule: 'FREQ=WEEKLY;BYDAY=MO', firstDate: addDays(today, -60), startsLocal: '18:00', endsLocal: '19:30', room: 'Meeting Room' });
  await createOneOffSession(db, actor, gardening.id, {
    branchId: haverhill.id,
    date: addDays(today, 12),
    startsLocal: '10:30',
    endsLocal: '12:00',
    room: 'Garden',
    topic: 'Planting spring bulbs: words for the garden',
    jointProgrammeId: english.id,
  });
}
