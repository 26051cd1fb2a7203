import { Type, type TProperties, type TSchema } from 'typebox';

/** Request bodies reject fields they do not know, so a typo is reported rather than ignored. */
export const Body = <T extends TProperties>(properties: T, description?: string) =>
  Type.Object(properties, { additionalProperties: false, ...(description && { description }) });

export const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Uuid });
export const IsoDate = Type.String({ format: 'date', description: 'ISO 8601 date, e.g. 2026-12-01' });
/** Serialised as an ISO 8601 instant; presenters may hand over a Date. */
export const Instant = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
export const Email = Type.String({ format: 'email', maxLength: 254 });
export const NonEmpty = (maxLength = 200) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });
export const ListOf = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item) });

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          field: Type.String(),
          message: Type.String(),
          code: Type.Optional(Type.String({ description: 'Where there is one, a code a client can translate the message by' })),
          params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), { description: "The values the code's message takes" })),
        }),
      ),
    ),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details with a stable machine-readable code' },
);

/** One of a fixed list of strings, typed as that union and documented as an enum. */
export const OneOf = <const T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description && { description }) });
