import type { Actor } from '../platform/auth/principal.ts';
import { recordAudit } from '../platform/audit/audit.ts';
import type { Db } from '../platform/database/database.ts';
import { activeArrangementOf, arrangementsServedBy, deskReaders, findNeighbourByMember, memberIdByCard } from './arrangement-store.ts';

export interface DeskLookup {
  match: 'neighbour' | 'reader' | 'none';
  neighbour: { id: string; name: string } | null;
  readers: {
    arrangementId: string;
    readerId: string;
    name: string;
    cardNumber: string;
    /** Neighbours currently serving the reader: `id` is the neighbour, `linkId` their link to this reader. */
    neighbours: { id: string; linkId: string; name: string }[];
  }[];
}

const NO_MATCH: DeskLookup = { match: 'none', neighbour: null, readers: [] };

/**
 * What a card scanned at the desk means for the scheme: a neighbour's own card lists the readers
 * they collect for; a scheme reader's card lists the reader and who collects for them. A neighbour
 * who serves nobody now is treated like any other borrower. Who is housebound and who collects for
 * them is personal, so every match is audited.
 */
export async function deskLookup(db: Db, actor: Actor, cardNumber: string): Promise<DeskLookup> {
  const member = await memberIdByCard(db, actor.tenantId, cardNumber.trim());
  if (!member) return NO_MATCH;

  const neighbour = await findNeighbourByMember(db, actor.tenantId, member.id);
  const served = neighbour ? await arrangementsServedBy(db, actor.tenantId, neighbour.id) : [];
  let result: DeskLookup = NO_MATCH;
  if (neighbour && served.length > 0) {
    result = { match: 'neighbour', neighbour: { id: neighbour.id, name: neighbour.name }, readers: await readersFor(db, actor.tenantId, served.map((a) => a.id)) };
  } else {
    const own = await activeArrangementOf(db, actor.tenantId, member.id);
    if (own) result = { match: 'reader', neighbour: null, readers: await readersFor(db, actor.tenantId, [own.id]) };
  }
  if (result.match !== 'none') {
    await recordAudit(db, actor, { action: 'good_neighbour.desk_lookup', entityType: 'member', entityId: member.id, details: { match: result.match, readers: result.readers.length } });
  }
  return result;
}

async function readersFor(db: Db, tenantId: string, arrangementIds: string[]): Promise<DeskLookup['readers']> {
  const rows = await deskReaders(db, tenantId, arrangementIds);
  return rows.map((row) => ({
    arrangementId: row.arrangement_id,
    readerId: row.reader_id,
    name: row.name,
    cardNumber: row.card_number,
    neighbours: row.neighbours.map((n) => ({ id: n.id, linkId: n.link_id, name: n.name })),
  }));
}
