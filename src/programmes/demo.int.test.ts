import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, createTestHearth, signIn, type Client, type TestHearth } from '../../test/harness.ts';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD } from '../staff/demo.ts';

let t: TestHearth;
let admin: Client;
let chatId: string;
beforeAll(async () => {
  t = await createTestHearth({ demo: true, today: '2026-12-01' });
  admin = await signIn(t.app, DEMO_ADMIN_EMAIL, DEMO_PASSWORD);
  const list = (await admin.get('/api/programmes')).json().items as { id: string; name: string }[];
  chatId = list.find((p) => p.name === 'Chat and chill')!.id;
});
afterAll(() => t.close());

describe('the community programmes demo', () => {
  it('shows Chat and chill in Arabic, right to left, at Ipswich, Haverhill, Lowestoft and Brandon with weekly sessions', async () => {
    const published = (await anonymous(t.app).get('/api/public/programmes?lang=ar')).json();
    expect(published.dir).toBe('rtl');
    const chat = published.items.find((p: { id: string }) => p.id === chatId);
    expect(chat.name).toBe('دردشة واسترخاء');
    expect(chat.badges).toEqual({ free: true, womenOnly: true, noBookingNeeded: true });
    expect(chat.branches.map((b: { name: string }) => b.name).sort()).toEqual(['Brandon Library', 'Haverhill Library', 'Ipswich County Library', 'Lowestoft Library']);
    expect(chat.nextSessions.length).toBeGreaterThan(0);

    const feed = (await anonymous(t.app).get(`/api/public/programmes/${chatId}/calendar.ics`)).body;
    const events = new ICAL.Component(ICAL.parse(feed)).getAllSubcomponents('vevent');
    expect(events.filter((event) => event.hasProperty('rrule'))).toHaveLength(4);
    expect(events.some((event) => event.hasProperty('exdate'))).toBe(true);
  });

  it('has registers taken at Ipswich, ambassadors who brought newcomers, and Zahra expected next time', async () => {
    const ambassadors = (await admin.get(`/api/programmes/${chatId}/ambassadors`)).json().items;
    expect(ambassadors.map((a: { preferredName: string }) => a.preferredName).sort()).toEqual(['Amal', 'Oksana']);
    expect(ambassadors.find((a: { preferredName: string }) => a.preferredName === 'Amal').newcomersBrought).toBe(3);

    const report = (await admin.get(`/api/programmes/${chatId}/report?from=2026-09-01&to=2026-11-30`)).json();
    expect(report.newcomers).toBeGreaterThanOrEqual(8);
    expect(report.donationsPence).toBeGreaterThan(0);

    const sessions = (await admin.get(`/api/programmes/${chatId}/sessions?from=2026-12-01&to=2026-12-31`)).json().items;
    const nextAtIpswich = sessions.find((s: { branchName: string; status: string }) => s.branchName === 'Ipswich County Library' && s.status === 'scheduled');
    const register = (await admin.get(`/api/programmes/sessions/${nextAtIpswich.id}/register`)).json();
    expect(register.expected.map((p: { preferredName: string }) => p.preferredName)).toContain('Zahra');
  });

  it('opens with a cancellation notice for Oksana, who asked for one, and a joint session at Haverhill', async () => {
    const outbox = (await admin.get('/api/outbox?kind=programme_session_cancelled')).json().items;
    expect(outbox.map((m: { to: string }) => m.to)).toEqual(['oksana@mail.demo.hearth.example']);
    const calendar = (await admin.get('/api/programmes/sessions?from=2026-12-01&to=2026-12-31')).json().items;
    expect(calendar.some((s: { programmeName: string; jointProgrammeName: string | null }) => s.programmeName === 'Gardening club' && s.jointProgrammeName === 'Basic English')).toBe(true);
  });
});
