import { Type, type Static, type TProperties, type TSchema } from 'typebox';
import { Uuid } from '../platform/http/schemas.ts';
import { LOCATION_TYPES, SERVICE_STATUSES } from './tables.ts';

/*
 * The Open Referral HSDS 3.0 entities the directory serves and accepts, field for field as the
 * specification names them. Only the fields Hearth keeps are listed; the objects stay open, as in
 * HSDS, so a feed carrying more (funding, cost options, metadata…) still validates and the rest is
 * left aside. Responses serialise through the same schemas, so nothing unlisted leaves the server.
 */

const Text = Type.String();
const Opt = Type.Optional;
const Uri = Type.String({ format: 'uri' });
const EmailAddress = Type.String({ format: 'email' });
const Hsds = <T extends TProperties>(properties: T, description: string) => Type.Object(properties, { description });

export const HsdsLanguage = Hsds(
  { id: Uuid, service_id: Opt(Uuid), location_id: Opt(Uuid), phone_id: Opt(Uuid), name: Opt(Text), code: Opt(Text), note: Opt(Text) },
  'A language a service or phone line is offered in; `code` is ISO 639',
);

export const HsdsPhone = Hsds(
  {
    id: Uuid,
    service_id: Opt(Uuid),
    organization_id: Opt(Uuid),
    location_id: Opt(Uuid),
    number: Text,
    extension: Opt(Type.Number()),
    type: Opt(Text),
    description: Opt(Text),
    languages: Opt(Type.Array(HsdsLanguage)),
  },
  'A phone number',
);

export const HsdsSchedule = Hsds(
  {
    id: Uuid,
    service_id: Opt(Uuid),
    location_id: Opt(Uuid),
    service_at_location_id: Opt(Uuid),
    valid_from: Opt(Text),
    valid_to: Opt(Text),
    freq: Opt(Type.Unsafe<'WEEKLY' | 'MONTHLY'>({ type: 'string', enum: ['WEEKLY', 'MONTHLY'] })),
    byday: Opt(Type.String({ description: 'RFC 5545 BYDAY, e.g. MO,TU,WE' })),
    opens_at: Opt(Type.String({ description: 'Local time, HH:MM:SS' })),
    closes_at: Opt(Type.String({ description: 'Local time, HH:MM:SS' })),
    description: Opt(Text),
  },
  'When a service is open, as an RFC 5545 weekly rule with opening and closing times',
);

export const HsdsContact = Hsds(
  { id: Uuid, service_id: Opt(Uuid), organization_id: Opt(Uuid), name: Opt(Text), title: Opt(Text), department: Opt(Text), email: Opt(EmailAddress) },
  'A contact for a service or organisation, in their working role',
);

export const HsdsAddress = Hsds(
  {
    id: Uuid,
    location_id: Opt(Uuid),
    address_1: Text,
    address_2: Opt(Text),
    city: Text,
    region: Opt(Text),
    state_province: Text,
    postal_code: Text,
    country: Text,
    address_type: Type.Unsafe<(typeof LOCATION_TYPES)[number]>({ type: 'string', enum: [...LOCATION_TYPES] }),
  },
  'An address of a location',
);

const LocationType = Type.Unsafe<(typeof LOCATION_TYPES)[number]>({ type: 'string', enum: [...LOCATION_TYPES] });

const locationFields = {
  id: Uuid,
  location_type: LocationType,
  organization_id: Opt(Uuid),
  name: Opt(Text),
  description: Opt(Text),
  latitude: Opt(Type.Number()),
  longitude: Opt(Type.Number()),
};

export const HsdsLocationBasic = Hsds(locationFields, 'A location, one-to-one fields only');
export const HsdsLocation = Hsds(
  { ...locationFields, addresses: Opt(Type.Array(HsdsAddress)), phones: Opt(Type.Array(HsdsPhone)), schedules: Opt(Type.Array(HsdsSchedule)) },
  'A location with its addresses',
);

export const HsdsTaxonomy = Hsds(
  { id: Uuid, name: Text, description: Text, uri: Opt(Uri), version: Opt(Text) },
  'A taxonomy: a vocabulary of needs or service types',
);

export const HsdsTaxonomyTerm = Hsds(
  {
    id: Uuid,
    code: Opt(Text),
    name: Text,
    description: Text,
    parent_id: Opt(Uuid),
    taxonomy: Opt(Type.String({ description: 'The taxonomy’s name' })),
    taxonomy_detail: Opt(HsdsTaxonomy),
    language: Opt(Text),
    taxonomy_id: Opt(Uuid),
    term_uri: Opt(Uri),
  },
  'A term of a taxonomy',
);

export const HsdsAttribute = Hsds(
  { id: Uuid, link_id: Opt(Uuid), taxonomy_term_id: Opt(Uuid), link_type: Opt(Text), link_entity: Opt(Text), value: Opt(Text), taxonomy_term: Opt(HsdsTaxonomyTerm) },
  'Links a service to a taxonomy term',
);

const organizationFields = {
  id: Uuid,
  name: Text,
  alternate_name: Opt(Text),
  description: Text,
  email: Opt(EmailAddress),
  website: Opt(Uri),
};

export const HsdsOrganizationBasic = Hsds(organizationFields, 'An organisation, one-to-one fields only');

const serviceFields = {
  id: Uuid,
  organization_id: Opt(Uuid),
  name: Text,
  alternate_name: Opt(Text),
  description: Opt(Text),
  url: Opt(Uri),
  email: Opt(EmailAddress),
  status: Type.Unsafe<(typeof SERVICE_STATUSES)[number]>({ type: 'string', enum: [...SERVICE_STATUSES] }),
  interpretation_services: Opt(Text),
  application_process: Opt(Text),
  fees_description: Opt(Text),
  eligibility_description: Opt(Text),
  minimum_age: Opt(Type.Number()),
  maximum_age: Opt(Type.Number()),
  assured_date: Opt(Text),
  last_modified: Opt(Type.String({ format: 'date-time' })),
};

export const HsdsServiceBasic = Hsds({ ...serviceFields, organization: Opt(HsdsOrganizationBasic) }, 'A service, one-to-one fields and its organisation');

export const HsdsServiceAtLocation = Hsds(
  {
    id: Uuid,
    service_id: Opt(Uuid),
    location_id: Opt(Uuid),
    description: Opt(Text),
    schedules: Opt(Type.Array(HsdsSchedule)),
    location: Opt(HsdsLocation),
  },
  'Where a service is delivered',
);

export const HsdsService = Hsds(
  {
    ...serviceFields,
    organization: Opt(HsdsOrganizationBasic),
    service_at_locations: Opt(Type.Array(HsdsServiceAtLocation)),
    phones: Opt(Type.Array(HsdsPhone)),
    schedules: Opt(Type.Array(HsdsSchedule)),
    languages: Opt(Type.Array(HsdsLanguage)),
    contacts: Opt(Type.Array(HsdsContact)),
    attributes: Opt(Type.Array(HsdsAttribute)),
  },
  'A service with everything about it',
);

export const HsdsServiceAtLocationListed = Hsds(
  { id: Uuid, service_id: Opt(Uuid), location_id: Opt(Uuid), description: Opt(Text), location: Opt(HsdsLocationBasic), service: Opt(HsdsServiceBasic) },
  'Where a service is delivered, one-to-one fields with its location and service',
);

export const HsdsServiceAtLocationFull = Hsds(
  { ...HsdsServiceAtLocation.properties, service: Opt(HsdsService) },
  'Where a service is delivered, with the location and the full service',
);

export const HsdsOrganization = Hsds(
  {
    ...organizationFields,
    phones: Opt(Type.Array(HsdsPhone)),
    contacts: Opt(Type.Array(HsdsContact)),
    locations: Opt(Type.Array(HsdsLocation)),
    services: Opt(Type.Array(HsdsServiceBasic)),
  },
  'An organisation with its contacts, locations and services',
);

/** The HSDS API's paginated list, `contents` holding items of the given schema. */
export const HsdsPage = <T extends TSchema>(item: T, description: string) =>
  Type.Object(
    {
      total_items: Type.Integer(),
      total_pages: Type.Integer(),
      page_number: Type.Integer(),
      size: Type.Integer({ description: 'Items on this page' }),
      first_page: Type.Boolean(),
      last_page: Type.Boolean(),
      empty: Type.Boolean(),
      contents: Type.Array(item),
    },
    { description },
  );

export type HsdsServiceRecord = Static<typeof HsdsService>;
export type HsdsLocationRecord = Static<typeof HsdsLocation>;
export type HsdsTermRecord = Static<typeof HsdsTaxonomyTerm>;
export type HsdsOrganizationRecord = Static<typeof HsdsOrganizationBasic>;
