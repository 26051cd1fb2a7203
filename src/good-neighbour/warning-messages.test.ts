import { describe, expect, it } from 'vitest';
import { composeNeighbourWarning, type NeighbourWarningMessage, type WarningItem } from './warning-messages.ts';

const item = (fields: Partial<WarningItem> = {}): WarningItem => ({
  title: 'Middlemarch',
  author: 'George Eliot',
  format: 'large_print',
  coverUrl: null,
  issuedOn: '2026-11-03',
  collectedBy: 'Matthew',
  dueDate: '2026-12-08',
  ...fields,
});

const message = (fields: Partial<NeighbourWarningMessage> = {}): NeighbourWarningMessage => ({
  language: 'en',
  neighbourName: 'Matthew',
  libraryName: 'Suffolk Libraries',
  today: '2026-12-01',
  renewLinkDays: 7,
  readers: [
    {
      reader: 'Nathaniel',
      nextVisit: '2026-12-10',
      due: [item(), item({ title: 'Persuasion', author: 'Jane Austen', format: 'book', dueDate: '2026-11-29', collectedBy: null })],
      stillToFind: [item({ title: 'Emma <illustrated>', author: null, dueDate: '2027-01-05', coverUrl: 'https://covers.example/emma.jpg' })],
      renewed: [],
      renewUrl: 'https://hearth.example/renew/TOKEN',
    },
  ],
  ...fields,
});

describe('neighbour warnings', () => {
  it('list what to look for before the visit, with format, delivery and due date, and one renew link', () => {
    const { subject, text, html } = composeNeighbourWarning(message());
    expect(subject).toBe('3 library items to look out for before your next visit');
    expect(text).toContain('Hello Matthew,');
    expect(text).toContain('Nathaniel — your next visit is on 10 December 2026.');
    expect(text).toContain('- Middlemarch — George Eliot (large print). Delivered 3 November 2026, collected by Matthew. Due 8 December 2026.');
    expect(text).toContain('- Persuasion — Jane Austen (book). Delivered 3 November 2026. Due 29 November 2026.');
    expect(text.indexOf('Past the due date:')).toBeLessThan(text.indexOf('Due back before your visit:'));
    expect(text.indexOf('Due back before your visit:')).toBeLessThan(text.indexOf('Still to find (misplaced at home):'));
    expect(text).toContain('https://hearth.example/renew/TOKEN');
    expect(html).toContain('<a href="https://hearth.example/renew/TOKEN">');
    expect(html).toContain('Emma &#60;illustrated&#62;');
    expect(html).toContain('<img src="https://covers.example/emma.jpg" alt="Cover of Emma &#60;illustrated&#62;"');
    expect(html.match(/<img/g)).toHaveLength(1);
  });

  it('say which loans auto-renewal renewed and why others were not', () => {
    const { subject, text } = composeNeighbourWarning(
      message({
        readers: [
          {
            reader: 'Nathaniel',
            nextVisit: null,
            due: [item({ notRenewed: 'requested_by_another' }), item({ title: 'Sanditon', notRenewed: 'some_new_reason' })],
            stillToFind: [],
            renewed: [{ title: 'Persuasion', author: 'Jane Austen', dueDate: '2027-01-12' }],
            renewUrl: 'https://hearth.example/renew/T',
          },
        ],
      }),
    );
    expect(subject).toBe('2 library items to look out for before your next visit');
    expect(text).toContain('Nathaniel — we do not know when you next visit, so this looks a week ahead.');
    expect(text).toContain('Not renewed: someone else has asked for it, so it must go back by its due date.');
    expect(text).toContain('Sanditon — George Eliot (large print). Delivered 3 November 2026, collected by Matthew. Due 8 December 2026. Not renewed: it could not be renewed; please contact the library.');
    expect(text).toContain('Renewed for you:\n- Persuasion — Jane Austen, now due 12 January 2027.');
    const allRenewed = composeNeighbourWarning(message({ readers: [{ reader: 'Nathaniel', nextVisit: '2026-12-10', due: [], stillToFind: [], renewed: [{ title: 'Emma', author: null, dueDate: '2027-01-12' }], renewUrl: 'u' }] }));
    expect(allRenewed.subject).toBe('A library item was renewed before your next visit');
  });

  it('cover several readers in one email, each with their own link', () => {
    const base = message().readers[0]!;
    const { text } = composeNeighbourWarning(message({ readers: [base, { ...base, reader: 'Ada', renewUrl: 'https://hearth.example/renew/OTHER' }] }));
    expect(text).toContain('Nathaniel — your next visit');
    expect(text).toContain('Ada — your next visit');
    expect(text).toContain('renew/TOKEN');
    expect(text).toContain('renew/OTHER');
  });

  it('speak Arabic right to left, isolating Latin titles, with Arabic plurals', () => {
    const { subject, text, html } = composeNeighbourWarning(message({ language: 'ar' }));
    expect(subject).toBe('3 مواد من المكتبة تحتاج إلى متابعتك قبل زيارتك القادمة');
    expect(html).toContain('dir="rtl"');
    expect(html).toContain('<bdi>Middlemarch</bdi>');
    expect(text).toContain('\u2068Middlemarch\u2069');
    expect(text).toContain('كتاب بخط كبير');
    expect(text).toContain('لم يُعثر عليها بعد');
    const one = composeNeighbourWarning(message({ language: 'ar-EG', readers: [{ ...message().readers[0]!, due: [item()], stillToFind: [] }] }));
    expect(one.subject).toBe('مادة واحدة من المكتبة تحتاج إلى متابعتك قبل زيارتك القادمة');
  });

  it('put only web addresses in images', () => {
    const { html } = composeNeighbourWarning(message({ readers: [{ ...message().readers[0]!, due: [item({ coverUrl: 'javascript:alert(1)' })], stillToFind: [] }] }));
    expect(html).not.toContain('<img');
  });
});
