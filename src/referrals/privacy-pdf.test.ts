import { describe, expect, it } from 'vitest';
import { privacyDocument, renderPrivacyPdf } from './privacy-pdf.ts';
import type { SubjectAccessExport } from './privacy.ts';

const library = { id: '00000000-0000-4000-8000-000000000001', name: 'Suffolk Libraries' };
const health = { id: '00000000-0000-4000-8000-000000000002', name: 'Ipswich Health Partnership' };

const copy: SubjectAccessExport = {
  exportedAt: new Date('2026-12-03T14:05:00Z'),
  exportedBy: { name: 'Nadia Outreach', organisation: library },
  libraryService: { name: 'Suffolk Libraries', timeZone: 'Europe/London' },
  person: {
    id: '00000000-0000-4000-8000-000000000010',
    name: 'سميرة حداد',
    contactMethod: 'phone',
    contactDetail: '07700 900123',
    safeTimes: 'Weekday mornings',
    safeToLeaveMessage: false,
    preferredLanguage: 'ar',
    interpreterNeeded: true,
    recordedBy: library,
    createdAt: new Date('2026-11-02T10:00:00Z'),
    updatedAt: new Date('2026-11-02T10:00:00Z'),
  },
  story: [{ id: '00000000-0000-4000-8000-000000000020', body: 'انتقلت إلى هنا في الربيع ولم أتمكن من رؤية طبيب بشأن ظهري.', organisation: library, writtenByName: 'Nadia Outreach', writtenAt: new Date('2026-11-02T10:00:00Z') }],
  consents: [
    {
      id: '00000000-0000-4000-8000-000000000030',
      givenBy: 'the person',
      givenByRelationship: null,
      method: 'verbal',
      givenAt: new Date('2026-11-02T10:00:00Z'),
      wording: 'I agree that my story and contact details are shared with the organisation named here.',
      validUntil: '2027-11-02',
      organisations: [health],
      recordedByName: 'Nadia Outreach',
      withdrawnAt: new Date('2026-11-20T16:30:00Z'),
      withdrawnByName: 'Nadia Outreach',
      withdrawalNote: 'Changed her mind.',
    },
  ],
  referrals: [
    {
      id: '00000000-0000-4000-8000-000000000040',
      status: 'in_progress',
      urgency: 'soon',
      serviceId: null,
      serviceName: 'Back pain clinic',
      sendingOrganisation: library,
      receivingOrganisation: health,
      safeguarding: false,
      consentId: '00000000-0000-4000-8000-000000000030',
      safeguardingBasis: null,
      needs: ['health'],
      needsNote: null,
      statusReason: null,
      outcomeCode: null,
      outcomeNote: null,
      previousReferralId: null,
      sentByName: 'Nadia Outreach',
      createdAt: new Date('2026-11-02T10:00:00Z'),
      statusChangedAt: new Date('2026-11-04T09:00:00Z'),
      acceptedAt: new Date('2026-11-04T09:00:00Z'),
      closedAt: null,
      events: [
        { id: '00000000-0000-4000-8000-000000000050', kind: 'sent', fromStatus: null, toStatus: 'requested', reason: null, outcomeCode: null, note: null, organisation: library, actorName: 'Nadia Outreach', at: new Date('2026-11-02T10:00:00Z') },
        { id: '00000000-0000-4000-8000-000000000051', kind: 'status_changed', fromStatus: 'requested', toStatus: 'accepted', reason: null, outcomeCode: null, note: null, organisation: health, actorName: 'Dr Jones', at: new Date('2026-11-04T09:00:00Z') },
      ],
    },
  ],
  views: [{ at: new Date('2026-12-03T14:05:00Z'), actorName: 'Nadia Outreach', organisation: library, action: 'referral.subject_access_exported' }],
};

describe('the readable copy of a person’s information', () => {
  it('holds every section, in plain words with dates in words', () => {
    const document = privacyDocument(copy);
    expect(document.title).toBe('What Warm Handover at Suffolk Libraries holds about you');
    expect(document.sections.map((section) => section.heading)).toEqual(['About you', 'Your story', 'Your consent to share', 'Your referrals', 'Who has seen your information']);
    const text = (heading: string) => document.sections.find((section) => section.heading === heading)!.blocks.map((block) => block.text);

    expect(text('About you')).toEqual(expect.arrayContaining(['Name: سميرة حداد', 'How to reach you: by phone, 07700 900123', 'Interpreter needed: yes', 'First recorded by Suffolk Libraries on 2 November 2026.']));
    expect(text('Your story')).toEqual(['Written by Nadia Outreach of Suffolk Libraries on 2 November 2026 at 10:00:', copy.story[0]!.body]);
    expect(text('Your consent to share')).toEqual(
      expect.arrayContaining([
        'Organisations you agreed to share with: Ipswich Health Partnership',
        'Valid until 2 November 2027',
        'Withdrawn on 20 November 2026 at 16:30, recorded by Nadia Outreach.',
        'Changed her mind.',
      ]),
    );
    expect(text('Your referrals')).toEqual(
      expect.arrayContaining([
        'Suffolk Libraries to Ipswich Health Partnership: Back pain clinic',
        'Sent on 2 November 2026 at 10:00 by Nadia Outreach. Urgency: soon. State now: in progress.',
        '4 November 2026 at 09:00: status changed (now accepted) by Dr Jones of Ipswich Health Partnership',
      ]),
    );
    expect(text('Who has seen your information')).toEqual(['3 December 2026 at 14:05: Nadia Outreach of Suffolk Libraries made a copy of your information for you.']);
  });

  it('says so when a section is empty', () => {
    const document = privacyDocument({ ...copy, story: [], consents: [], referrals: [], views: [] });
    expect(document.sections.map((section) => section.blocks.map((block) => block.text))).toEqual([
      expect.any(Array),
      ['Nothing has been written down.'],
      ['No consent has been recorded.'],
      ['You have no referrals.'],
      ['Nobody has opened your information yet.'],
    ]);
  });

  it('draws a PDF with the Arabic and Latin faces embedded', async () => {
    const pdf = await renderPrivacyPdf(privacyDocument(copy), { compress: false });
    const raw = pdf.toString('latin1');
    expect(raw.startsWith('%PDF')).toBe(true);
    expect(raw).toContain('NotoSansArabic');
    expect(raw).toContain('NotoSans-Bold');
  });
});
