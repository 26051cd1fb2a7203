import { placeOf } from './openactive.ts';
import type { PublicProgramme, PublicSession } from './public-programmes.ts';
import { isoInZone } from './public-time-zones.ts';

/** A schema.org Event for one session, so search engines and apps can list it with its place and status. */
export function sessionEvent(programme: PublicProgramme, session: PublicSession) {
  const timeZone = programme.libraryService.timeZone;
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: session.topic ? `${programme.name}: ${session.topic}` : programme.name,
    description: programme.description,
    inLanguage: programme.textLanguage,
    url: programme.pageUrl,
    startDate: isoInZone(session.startsAt, timeZone),
    endDate: isoInZone(session.endsAt, timeZone),
    eventStatus: session.status === 'cancelled' ? 'https://schema.org/EventCancelled' : 'https://schema.org/EventScheduled',
    eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
    location: placeOf({ name: session.branchName, address: session.branchAddress }),
    isAccessibleForFree: programme.badges.free,
    organizer: { '@type': 'Organization', name: programme.libraryService.name },
  };
}

/** JSON for a <script> element: `<` is escaped so no text can close the element early. */
export const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');
