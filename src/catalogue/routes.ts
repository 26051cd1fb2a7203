import { Type } from 'typebox';
import { actorFrom, principalOf } from '../platform/auth/access.ts';
import { LIBRARY_ROLES } from '../platform/auth/roles.ts';
import type { HearthApp } from '../platform/http/app-types.ts';
import { Body, IdParams, Instant, ListOf, NonEmpty, Nullable, OneOf, Uuid } from '../platform/http/schemas.ts';
import { BARCODE_RULE } from './barcode.ts';
import { createItemType, listItemTypes } from './item-types.ts';
import { createItem, findItemByBarcode, getItem, STAFF_SET_STATUSES, updateItem } from './items.ts';
import { createRecord, getRecord, listRecords, updateRecord } from './records.ts';
import { searchCatalogue } from './search.ts';
import { AUDIENCES, FORMATS, ITEM_STATUSES } from './tables.ts';

const Language = Type.String({ pattern: '^[a-z]{3}$', description: 'MARC language code (ISO 639-2/B), e.g. eng, ara, pol' });
const Strings = (maxLength: number) => Type.Array(NonEmpty(maxLength), { maxItems: 50 });

const recordFields = {
  subtitle: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  authors: Type.Optional(Strings(200)),
  subjects: Type.Optional(Strings(200)),
  genres: Type.Optional(Strings(100)),
  isbns: Type.Optional(Type.Array(Type.String({ minLength: 10, maxLength: 17 }), { maxItems: 20, description: 'ISBN-10 or ISBN-13; stored as ISBN-13' })),
  controlNumber: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  language: Type.Optional(Nullable(Language)),
  audience: Type.Optional(Nullable(OneOf(AUDIENCES))),
  summary: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
  publisher: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
  publicationYear: Type.Optional(Nullable(Type.Integer({ minimum: 1000, maximum: 2999 }))),
  coverUrl: Type.Optional(Nullable(Type.String({ format: 'uri', maxLength: 1000 }))),
};
const CreateRecordBody = Body({ title: NonEmpty(500), format: OneOf(FORMATS), ...recordFields });
const UpdateRecordBody = Body({ title: Type.Optional(NonEmpty(500)), format: Type.Optional(OneOf(FORMATS)), ...recordFields });

const recordProperties = {
  id: Uuid,
  title: Type.String(),
  subtitle: Nullable(Type.String()),
  authors: Type.Array(Type.String()),
  subjects: Type.Array(Type.String()),
  genres: Type.Array(Type.String()),
  isbns: Type.Array(Type.String()),
  controlNumber: Nullable(Type.String()),
  format: OneOf(FORMATS),
  language: Nullable(Type.String()),
  audience: Nullable(OneOf(AUDIENCES)),
  summary: Nullable(Type.String()),
  publisher: Nullable(Type.String()),
  publicationYear: Nullable(Type.Integer()),
  coverUrl: Nullable(Type.String()),
  createdAt: Instant,
  updatedAt: Instant,
};
const RecordSchema = Type.Object(recordProperties);

const ItemSchema = Type.Object({
  id: Uuid,
  recordId: Uuid,
  barcode: Type.String(),
  branchId: Uuid,
  branchName: Type.String(),
  itemTypeId: Uuid,
  itemTypeCode: Type.String(),
  itemTypeName: Type.String(),
  shelfLocation: Nullable(Type.String()),
  status: OneOf(ITEM_STATUSES),
  destinationBranchId: Nullable(Uuid),
  statusChangedAt: Instant,
  createdAt: Instant,
});

const RecordWithHoldingsSchema = Type.Object({
  ...recordProperties,
  availability: Type.Array(
    Type.Object({
      branchId: Uuid,
      branchName: Type.String(),
      available: Type.Integer(),
      onLoan: Type.Integer(),
      onHoldShelf: Type.Integer(),
      inTransit: Type.Integer(),
      total: Type.Integer({ description: 'Every copy at the branch, including missing, lost and withdrawn ones' }),
    }),
  ),
  items: Type.Array(ItemSchema),
});

const Barcode = Type.String({ ...BARCODE_RULE });
const CreateItemBody = Body({
  recordId: Uuid,
  barcode: Barcode,
  branchId: Uuid,
  itemTypeId: Type.Optional(Uuid),
  shelfLocation: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
});
const UpdateItemBody = Body({
  branchId: Type.Optional(Uuid),
  itemTypeId: Type.Optional(Uuid),
  shelfLocation: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  status: Type.Optional(OneOf(STAFF_SET_STATUSES, 'Staff may mark an item missing or withdrawn, or available again; circulation sets the rest')),
});

const ItemTypeSchema = Type.Object({ id: Uuid, code: Type.String(), name: Type.String(), createdAt: Instant });

const Page = {
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  offset: Type.Integer({ minimum: 0, maximum: 10_000, default: 0 }),
};

const SearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    format: Type.Optional(Type.Array(OneOf(FORMATS), { description: 'Repeat to allow several formats' })),
    language: Type.Optional(Type.Array(Language, { description: 'Repeat to allow several languages' })),
    branchId: Type.Optional(Uuid),
    availableNow: Type.Optional(Type.Boolean()),
    ...Page,
  },
  { additionalProperties: false },
);
const FacetValues = Type.Array(Type.Object({ value: Type.String(), count: Type.Integer(), label: Type.Optional(Type.String()) }));
const SearchResultSchema = Type.Object({
  items: Type.Array(Type.Object({ ...recordProperties, availableCount: Type.Integer() })),
  total: Type.Integer(),
  totalIsEstimate: Type.Boolean({ description: 'So many records matched that the total and facet counts are estimated from a sample of the catalogue' }),
  approximate: Type.Boolean({ description: 'Few records matched word for word, so close spellings of words in titles and authors were added' }),
  closeSpellings: Type.Array(Type.String(), { description: 'The close spellings added, when approximate' }),
  facets: Type.Object({ format: FacetValues, language: FacetValues, branch: FacetValues, availability: FacetValues }),
});

const readers = { access: LIBRARY_ROLES };
const cataloguers = { access: ['admin', 'branch_staff'] as const };
const admins = { access: ['admin'] as const };

export function registerCatalogueRoutes(app: HearthApp) {
  const db = () => app.hearth.database.db;
  const tags = ['catalogue'];

  app.get('/api/catalogue/search', { config: readers, schema: { tags, summary: 'Search the catalogue: ranked, stemmed, accent-blind, prefix and typo tolerant, with facet counts', querystring: SearchQuery, response: { 200: SearchResultSchema } } }, async (request) =>
    searchCatalogue(db(), principalOf(request).tenantId, request.query),
  );
  app.get('/api/catalogue/records', { config: readers, schema: { tags, summary: 'List catalogue records, newest first', querystring: Type.Object(Page, { additionalProperties: false }), response: { 200: ListOf(RecordSchema) } } }, async (request) => ({
    items: await listRecords(db(), principalOf(request).tenantId, request.query),
  }));
  app.get('/api/catalogue/records/:id', { config: readers, schema: { tags, summary: 'Read a record with its items and availability by branch', params: IdParams, response: { 200: RecordWithHoldingsSchema } } }, async (request) =>
    getRecord(db(), principalOf(request).tenantId, request.params.id),
  );
  app.post('/api/catalogue/records', { config: cataloguers, schema: { tags, summary: 'Add a catalogue record', body: CreateRecordBody, response: { 201: RecordSchema } } }, async (request, reply) =>
    reply.code(201).send(await createRecord(db(), actorFrom(request), request.body)),
  );
  app.patch('/api/catalogue/records/:id', { config: cataloguers, schema: { tags, summary: 'Change a catalogue record', params: IdParams, body: UpdateRecordBody, response: { 200: RecordSchema } } }, async (request) =>
    updateRecord(db(), actorFrom(request), request.params.id, request.body),
  );

  app.get('/api/items', { config: readers, schema: { tags, summary: 'Find an item by barcode', querystring: Type.Object({ barcode: Barcode }, { additionalProperties: false }), response: { 200: ListOf(ItemSchema) } } }, async (request) => {
    const item = await findItemByBarcode(db(), principalOf(request).tenantId, request.query.barcode);
    return { items: item ? [item] : [] };
  });
  app.get('/api/items/:id', { config: readers, schema: { tags, summary: 'Read an item', params: IdParams, response: { 200: ItemSchema } } }, async (request) =>
    getItem(db(), principalOf(request).tenantId, request.params.id),
  );
  app.post('/api/items', { config: cataloguers, schema: { tags, summary: 'Add a copy of a record at a branch', body: CreateItemBody, response: { 201: ItemSchema } } }, async (request, reply) =>
    reply.code(201).send(await createItem(db(), actorFrom(request), request.body)),
  );
  app.patch('/api/items/:id', { config: cataloguers, schema: { tags, summary: 'Move an item, change its type or shelf, or mark it missing, withdrawn or available again', params: IdParams, body: UpdateItemBody, response: { 200: ItemSchema } } }, async (request) =>
    updateItem(db(), actorFrom(request), request.params.id, request.body),
  );

  app.get('/api/item-types', { config: readers, schema: { tags, summary: 'List item types', response: { 200: ListOf(ItemTypeSchema) } } }, async (request) => ({
    items: await listItemTypes(db(), principalOf(request).tenantId),
  }));
  app.post('/api/item-types', { config: admins, schema: { tags, summary: 'Add an item type', body: Body({ code: Type.String({ minLength: 1, maxLength: 30, pattern: '^[A-Za-z0-9_-]+$' }), name: NonEmpty(100) }), response: { 201: ItemTypeSchema } } }, async (request, reply) =>
    reply.code(201).send(await createItemType(db(), actorFrom(request), request.body)),
  );
}
