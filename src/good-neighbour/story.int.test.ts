import { afterEach, describe, expect, it, vi } from 'vitest';
import { anonymous, newLibraryService, uniqueEmail, useSmtpTestListener, useTestHearth, type Client } from '../../test/harness.ts';
import type { ReceivedMail } from '../platform/mail/smtp-test-listener.ts';
import { randomSecret } from '../platform/auth/secrets.ts';

/**
 * The story Good Neighbour was made for, through the API with mail on a real SMTP listener.
 * Nathaniel lives alone and forgets where he puts things; his son Matthew visits every fortnight
 * and brings his library books. Staff convert Nathaniel's ticket; Matthew is warned before a book
 * is likely to be overdue, so he knows what to look for.
 */

const CONVERTED_ON = '2026-12-01';

const smtp = useSmtpTestListener();
const t = useTestHearth(() => ({ today: CONVERTED_ON, smtpUrl: smtp.url }), { work: true });
afterEach(() => vi.restoreAllMocks());

/** The library's calendar moves on to this day. */
const on = (date: string) => vi.spyOn(t.hearth.clock, 'today').mockReturnValue(date);

/** The plain-text part of a received message, decoded from its transfer encoding. */
function plainTextOf(mail: ReceivedMail): string {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(mail.raw)?.[1];
  const parts = boundary ? mail.raw.split(`--${boundary}`) : [mail.raw];
  const part = parts.find((p) => /content-type:\s*text\/plain/i.test(p))!;
  const [headers, ...body] = part.split(/\r?\n\r?\n/);
  const content = body.join('\n\n');
  const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(headers!)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(content.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = content.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8').replace(/\r\n/g, '\n');
  }
  return content.replace(/\r\n/g, '\n');
}

const subjectOf = (mail: ReceivedMail) => /^Subject: (.*)$/m.exec(mail.raw)?.[1]?.trim();
const mailTo = (address: string) => smtp.received.filter((m) => m.to.includes(address));

async function runNotices(admin: Client, date: string) {
  const response = await admin.post('/api/notices/run', { date });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function addBook(admin: Client, branchId: string, title: string, author: string) {
  const record = await admin.post('/api/catalogue/records', { title, authors: [author], format: 'large_print', coverUrl: 'https://covers.example/cover.jpg' });
  expect(record.statusCode, record.body).toBe(201);
  const item = await admin.post('/api/items', { recordId: record.json().id, barcode: `B${randomSecret().slice(0, 10)}`, branchId });
  expect(item.statusCode, item.body).toBe(201);
  return item.json() as { id: string; barcode: string };
}

describe('Nathaniel and Matthew', () => {
  it('convert, borrow on his behalf, warn before the visit, renew once, forgive the misplaced book, and end', async () => {
    const { admin } = await newLibraryService(t, 'Suffolk Libraries');
    const branch = (await admin.post('/api/branches', { name: 'Haverhill Library' })).json();
    const nathanielResponse = await admin.post('/api/members', { name: 'Nathaniel Brooks', email: uniqueEmail('nathaniel'), homeBranchId: branch.id });
    expect(nathanielResponse.statusCode, nathanielResponse.body).toBe(201);
    const nathaniel = nathanielResponse.json() as { id: string; cardNumber: string };
    const matthewEmail = uniqueEmail('matthew');

    // 1 December: staff convert Nathaniel's ticket; Matthew visits every fortnight from 10 December and wants warnings.
    on(CONVERTED_ON);
    const converted = await admin.post('/api/good-neighbour/arrangements', {
      readerCardNumber: nathaniel.cardNumber,
      referralSource: 'family',
      neighbours: [{ name: 'Matthew Brooks', email: matthewEmail, relationship: 'son', advanceNotice: true, nextVisit: '2026-12-10', visitEveryDays: 14 }],
    });
    expect(converted.statusCode, converted.body).toBe(201);
    const arrangement = converted.json();
    expect(arrangement).toMatchObject({ status: 'active', reader: { id: nathaniel.id }, neighbours: [{ name: 'Matthew Brooks', advanceNotice: true, nextVisit: '2026-12-10' }] });

    // Matthew collects North and South for him, and Cranford a fortnight later.
    const northAndSouth = await addBook(admin, branch.id, 'North and South', 'Elizabeth Gaskell');
    const cranford = await addBook(admin, branch.id, 'Cranford', 'Elizabeth Gaskell');
    const firstLoan = await admin.post('/api/loans', { cardNumber: nathaniel.cardNumber, itemBarcode: northAndSouth.barcode, onBehalfOf: 'Matthew' });
    expect(firstLoan.statusCode, firstLoan.body).toBe(201);
    expect(firstLoan.json()).toMatchObject({ onBehalfOf: 'Matthew', schemeWaivesFines: true, dueDate: '2027-01-12' });
    on('2026-12-15');
    const secondLoan = await admin.post('/api/loans', { cardNumber: nathaniel.cardNumber, itemBarcode: cranford.barcode, onBehalfOf: 'Matthew' });
    expect(secondLoan.json()).toMatchObject({ dueDate: '2027-01-26' });

    // Christmas: Matthew's next visit, 7 January, comes before anything falls due: no warning.
    on('2026-12-25');
    expect((await runNotices(admin, '2026-12-25')).goodNeighbour).toMatchObject({ neighbourWarnings: 0 });

    // 8 January: his next visit is now the 21st, after North and South falls due on the 12th: he is warned in time.
    on('2027-01-08');
    expect((await runNotices(admin, '2027-01-08')).goodNeighbour).toEqual({ neighbourWarnings: 1, itemsListed: 1, autoRenewed: 0, messages: 1 });
    await vi.waitFor(() => expect(mailTo(matthewEmail)).toHaveLength(1), { timeout: 15_000 });
    const warning = mailTo(matthewEmail)[0]!;
    expect(subjectOf(warning)).toBe('One library item to look out for before your next visit');
    const warningText = plainTextOf(warning);
    expect(warningText).toContain('Hello Matthew,');
    expect(warningText).toContain('Nathaniel — your next visit is on 21 January 2027.');
    expect(warningText).toContain('North and South — Elizabeth Gaskell (large print). Delivered');
    expect(warningText).toContain('collected by Matthew. Due 12 January 2027.');
    expect(warningText).not.toContain('Cranford');
    expect(warningText).not.toContain('Brooks');
    expect(warning.raw).toContain('alt=3D"Cover of North and South"');
    const renewUrl = /http:\/\/hearth\.test\/renew\/([0-9a-f-]{36}\.[A-Za-z0-9_-]{43})/.exec(warningText);
    expect(renewUrl).not.toBeNull();
    const firstToken = renewUrl![1]!;

    // He cannot find it at his father's: staff mark it misplaced at home, and the next warning lists it as still to find.
    const misplaced = await admin.post(`/api/loans/${firstLoan.json().id}/misplaced-at-home`, { reportedBy: 'Matthew' });
    expect(misplaced.statusCode, misplaced.body).toBe(200);
    on('2027-01-09');
    expect((await runNotices(admin, '2027-01-09')).goodNeighbour).toMatchObject({ neighbourWarnings: 1 });
    await vi.waitFor(() => expect(mailTo(matthewEmail)).toHaveLength(2), { timeout: 15_000 });
    const stillToFind = plainTextOf(mailTo(matthewEmail)[1]!);
    expect(stillToFind).toMatch(/Still to find \(misplaced at home\):\n- North and South/);
    const secondToken = /\/renew\/([0-9a-f-]{36}\.[A-Za-z0-9_-]{43})/.exec(stillToFind)![1]!;
    expect((await runNotices(admin, '2027-01-09')).goodNeighbour, 'no repeat the same day').toMatchObject({ neighbourWarnings: 0 });

    // 15 January: it turns up behind the sofa and comes back three days late. No fine: the scheme forgives it.
    on('2027-01-15');
    const returned = await admin.post('/api/returns', { itemBarcode: northAndSouth.barcode });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json().fineCharged).toBe(0);
    expect(returned.json().fineWaivedByScheme).toBeGreaterThan(0);

    // The renew link from the warning renews what he still has, once.
    const link = `/api/good-neighbour/renew-links/${firstToken}`;
    const described = await anonymous(t.app).get(link);
    expect(described.statusCode, described.body).toBe(200);
    expect(described.json()).toMatchObject({ reader: 'Nathaniel', loans: [{ title: 'Cranford', dueDate: '2027-01-26' }] });
    const renewed = await anonymous(t.app).post(link);
    expect(renewed.statusCode, renewed.body).toBe(200);
    expect(renewed.json()).toEqual({ renewed: [{ title: 'Cranford', dueDate: '2027-02-26' }], refused: [] });
    const reused = await anonymous(t.app).post(link);
    expect(reused.statusCode).toBe(410);
    expect(reused.json()).toMatchObject({ code: 'link_used', detail: expect.stringContaining('already been used') });

    // A link a week old no longer works, and one we never sent is refused plainly.
    vi.spyOn(t.hearth.clock, 'now').mockReturnValue(new Date(Date.now() + 8 * 86_400_000));
    const expired = await anonymous(t.app).post(`/api/good-neighbour/renew-links/${secondToken}`);
    expect(expired.statusCode).toBe(410);
    expect(expired.json()).toMatchObject({ code: 'link_expired', detail: expect.stringContaining('7 days') });
    const forged = await anonymous(t.app).post(`/api/good-neighbour/renew-links/${randomSecret()}`);
    expect(forged.statusCode).toBe(404);
    expect(forged.json()).toMatchObject({ code: 'link_invalid', detail: expect.stringContaining('not one we sent') });
    vi.mocked(t.hearth.clock.now).mockRestore();

    // Nathaniel moves into care and the arrangement ends: a later loan is fined as any other.
    const ended = await admin.delete(`/api/good-neighbour/arrangements/${arrangement.id}`);
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toMatchObject({ status: 'ended' });
    const later = await addBook(admin, branch.id, 'Wives and Daughters', 'Elizabeth Gaskell');
    const laterLoan = await admin.post('/api/loans', { cardNumber: nathaniel.cardNumber, itemBarcode: later.barcode });
    expect(laterLoan.json()).toMatchObject({ schemeWaivesFines: false, dueDate: '2027-02-05' });
    on('2027-02-10');
    const lateReturn = await admin.post('/api/returns', { itemBarcode: later.barcode });
    expect(lateReturn.json().fineCharged).toBeGreaterThan(0);
    expect(lateReturn.json().fineWaivedByScheme).toBe(0);
    expect((await runNotices(admin, '2027-02-10')).goodNeighbour, 'no more warnings once it has ended').toMatchObject({ neighbourWarnings: 0 });
  });
});
