import { Type } from 'typebox';
import { actorFrom } from '../platform/auth/access.ts';
import type { HearthApp } from '../platform/http/app-types.ts';
import { Body, IdParams, Instant, IsoDate, Nullable, OneOf, Uuid } from '../platform/http/schemas.ts';
import { NOTICE_KINDS, PRINTED_CHANNELS } from './tables.ts';
import { markPrintedNotice, viewPrintedNotices } from './printed.ts';

const LineSchema = Type.Object({
  kind: OneOf(NOTICE_KINDS),
  title: Type.String(),
  author: Nullable(Type.String()),
  date: Type.String({ format: 'date', description: 'Due date, or for a ready request the last day it waits on the hold shelf' }),
  branch: Type.Optional(Type.String({ description: 'Where a ready request waits' })),
});

const LetterSchema = Type.Object(
  {
    language: Type.String({ description: 'The catalogue the letter is written from (en, ar); other languages fall back to English' }),
    dir: OneOf(['ltr', 'rtl'] as const),
    date: Type.String({ description: 'The day of the run, written out in the letter’s language' }),
    subject: Type.String(),
    greeting: Type.String(),
    sections: Type.Array(Type.Object({ kind: OneOf(NOTICE_KINDS), heading: Type.String(), lines: Type.Array(Type.String()) })),
    closing: Type.String(),
    signOff: Type.String(),
    footer: Type.String(),
  },
  { description: 'The digest as a letter in the member’s language, the same lines an email would list' },
);

const PrintedNoticeSchema = Type.Object({
  id: Uuid,
  channel: OneOf(PRINTED_CHANNELS),
  noticeDate: IsoDate,
  member: Type.Object({ id: Uuid, name: Type.String(), cardNumber: Type.String(), address: Nullable(Type.String()), phone: Nullable(Type.String()), language: Type.String() }),
  branch: Type.Object({ id: Uuid, name: Type.String(), address: Nullable(Type.String()) }, { description: 'The member’s home branch' }),
  libraryName: Type.String(),
  lines: Type.Array(LineSchema),
  letter: LetterSchema,
  done: Nullable(Type.Object({ at: Instant, by: Type.Object({ id: Nullable(Uuid), name: Type.String() }) }, { description: 'When the letter was posted or the call made, and by whom' })),
});

const staff = { access: ['admin', 'branch_staff'] as const };
const tags = ['notices'];

/** Letters and phone calls for members email does not reach: read them, and mark each done. */
export function registerPrintedNoticeRoutes(app: HearthApp) {
  const { hearth } = app;
  const db = () => hearth.database.db;
  const publicUrl = () => hearth.config.publicUrl;

  app.get(
    '/api/notices/printed',
    {
      config: staff,
      schema: {
        tags,
        summary: "A day's letters to post and phone calls to make (the view is audited)",
        description:
          "Members whose channel is post or phone, or who have no email address, get the day's digest as a letter or a call instead of an email. Each lists the member's name, address or phone, and the lines in their language. Reading the list is recorded in the audit log.",
        querystring: Type.Object({ date: Type.Optional(IsoDate) }, { additionalProperties: false }),
        response: { 200: Type.Object({ date: IsoDate, letters: Type.Array(PrintedNoticeSchema), calls: Type.Array(PrintedNoticeSchema) }) },
      },
    },
    async (request) => viewPrintedNotices(db(), actorFrom(request), request.query.date ?? hearth.clock.today(), publicUrl()),
  );

  app.post(
    '/api/notices/printed/:id/done',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Mark a letter as posted or a call as made',
        description: 'Records who and when, in the notice and in the audit log. A notice already marked answers 409 `notice_already_done`.',
        params: IdParams,
        body: Type.Optional(Body({})),
        response: { 200: PrintedNoticeSchema },
      },
    },
    async (request) => markPrintedNotice(db(), actorFrom(request), request.params.id, true, hearth.clock.now(), publicUrl()),
  );

  app.delete(
    '/api/notices/printed/:id/done',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Take back marking a letter or call as done',
        description: 'For a notice marked by mistake; audited. A notice not marked answers 409 `notice_not_done`.',
        params: IdParams,
        response: { 200: PrintedNoticeSchema },
      },
    },
    async (request) => markPrintedNotice(db(), actorFrom(request), request.params.id, false, hearth.clock.now(), publicUrl()),
  );
}
