import { Type } from 'typebox';
import { principalOf } from '../platform/auth/access.ts';
import type { HearthApp } from '../platform/http/app-types.ts';
import { Body, Email, IdParams, Instant, NonEmpty, Nullable, OneOf, Uuid } from '../platform/http/schemas.ts';
import { DIRECTORY_EDITORS, DIRECTORY_READERS, editorFrom } from './access.ts';
import { createService, deleteService, getService, updateService } from './services.ts';
import { LOCATION_TYPES, PHONE_TYPES, SERVICE_STATUSES } from './tables.ts';

const Text = (maxLength: number) => Type.String({ maxLength });
const Language = Type.String({ pattern: '^[A-Za-z]{2,3}$', description: 'ISO 639 language code, e.g. en, ar, pl' });
const Time = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: '24-hour local time, HH:MM' });
const Weekdays = Type.String({ pattern: '^(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*$', description: 'RFC 5545 weekdays, e.g. MO,TU,WE' });

const LocationSchema = Type.Object({
  id: Uuid,
  name: Nullable(Type.String()),
  locationType: OneOf(LOCATION_TYPES),
  address1: Nullable(Type.String()),
  address2: Nullable(Type.String()),
  city: Nullable(Type.String()),
  region: Nullable(Type.String()),
  postalCode: Nullable(Type.String()),
  country: Type.String(),
  latitude: Nullable(Type.Number()),
  longitude: Nullable(Type.Number()),
});

const ReferralFiguresSchema = Type.Object(
  {
    received: Type.Integer({ minimum: 0, description: 'Referrals sent to the service' }),
    answered: Type.Integer({ minimum: 0, description: 'Those it accepted or rejected; every state after acceptance counts as accepted' }),
    accepted: Type.Integer({ minimum: 0 }),
    shareAccepted: Nullable(Type.Number({ minimum: 0, maximum: 1, description: 'accepted / answered; null while none has been answered' })),
    medianHoursToAccept: Nullable(Type.Number({ minimum: 0, description: 'Median hours from sending to acceptance, to one decimal; null while none has been accepted' })),
  },
  { description: 'How the service has answered referrals over the last 12 months. For staff and partners only; the public HSDS feed leaves it out.' },
);

export const serviceProperties = {
  id: Uuid,
  organisation: Type.Object(
    { id: Uuid, organisationId: Nullable(Uuid), name: Type.String() },
    { description: '`id` is the directory’s listing (the HSDS organization); `organisationId` the partner organisation, null for one from an imported feed' },
  ),
  source: Nullable(Type.Object({ id: Uuid, name: Type.String() }, { description: 'The imported feed the service comes from; null for services kept here' })),
  name: Type.String(),
  alternateName: Nullable(Type.String()),
  description: Type.String(),
  url: Nullable(Type.String()),
  email: Nullable(Type.String()),
  status: OneOf(SERVICE_STATUSES),
  eligibilityDescription: Nullable(Type.String()),
  minimumAge: Nullable(Type.Integer()),
  maximumAge: Nullable(Type.Integer()),
  feesDescription: Nullable(Type.String()),
  applicationProcess: Nullable(Type.String()),
  interpretationServices: Nullable(Type.String()),
  acceptingReferrals: Type.Boolean({ description: 'Whether the service can take referrals now' }),
  typicalResponseDays: Nullable(Type.Integer({ description: 'How many days the service usually takes to answer a referral' })),
  languages: Type.Array(Type.String()),
  terms: Type.Array(Type.Object({ id: Uuid, code: Nullable(Type.String()), name: Type.String(), taxonomy: Type.Object({ id: Uuid, name: Type.String() }) })),
  locations: Type.Array(LocationSchema),
  phones: Type.Array(Type.Object({ id: Uuid, number: Type.String(), type: Nullable(OneOf(PHONE_TYPES)), description: Nullable(Type.String()), languages: Type.Array(Type.String()) })),
  contacts: Type.Array(Type.Object({ id: Uuid, name: Nullable(Type.String()), title: Nullable(Type.String()), email: Nullable(Type.String()) })),
  schedules: Type.Array(Type.Object({ id: Uuid, byday: Nullable(Type.String()), opensAt: Nullable(Type.String()), closesAt: Nullable(Type.String()), description: Nullable(Type.String()) })),
  referralFigures: ReferralFiguresSchema,
  updatedAt: Instant,
  createdAt: Instant,
};
const ServiceSchema = Type.Object(serviceProperties);

const LocationInput = Body({
  name: Type.Optional(Nullable(Text(200))),
  address1: NonEmpty(200),
  address2: Type.Optional(Nullable(Text(200))),
  city: NonEmpty(100),
  region: Type.Optional(Nullable(Text(100))),
  postalCode: Type.String({ minLength: 2, maxLength: 10, pattern: '^[A-Za-z0-9 ]+$' }),
  latitude: Type.Optional(Nullable(Type.Number({ minimum: -90, maximum: 90 }))),
  longitude: Type.Optional(Nullable(Type.Number({ minimum: -180, maximum: 180 }))),
  locationType: Type.Optional(OneOf(LOCATION_TYPES, 'physical by default')),
});
const PhoneInput = Body({
  number: Type.String({ minLength: 3, maxLength: 40, pattern: '^[0-9+() -]+$' }),
  type: Type.Optional(Nullable(OneOf(PHONE_TYPES))),
  description: Type.Optional(Nullable(Text(200))),
  languages: Type.Optional(Type.Array(Language, { maxItems: 20 })),
});
const ContactInput = Body({ name: Type.Optional(Nullable(Text(200))), title: Type.Optional(Nullable(Text(200))), email: Type.Optional(Nullable(Email)) });
const ScheduleInput = Body({ byday: Weekdays, opensAt: Time, closesAt: Time, description: Type.Optional(Nullable(Text(200))) });

const editableFields = {
  name: NonEmpty(200),
  alternateName: Type.Optional(Nullable(Text(200))),
  description: Text(4000),
  url: Type.Optional(Nullable(Type.String({ format: 'uri', maxLength: 500 }))),
  email: Type.Optional(Nullable(Email)),
  status: Type.Optional(OneOf(SERVICE_STATUSES, 'active by default')),
  eligibilityDescription: Type.Optional(Nullable(Text(2000))),
  minimumAge: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 130 }))),
  maximumAge: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 130 }))),
  feesDescription: Type.Optional(Nullable(Text(2000))),
  applicationProcess: Type.Optional(Nullable(Text(2000))),
  interpretationServices: Type.Optional(Nullable(Text(2000))),
  acceptingReferrals: Type.Boolean({ description: 'Whether the service can take referrals now' }),
  typicalResponseDays: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 365 }))),
  languages: Type.Array(Language, { maxItems: 50, description: 'The languages the service is offered in' }),
  termIds: Type.Array(Uuid, { maxItems: 50, description: 'Taxonomy terms: the needs the service meets' }),
  locations: Type.Array(LocationInput, { maxItems: 50 }),
  phones: Type.Array(PhoneInput, { maxItems: 20 }),
  contacts: Type.Array(ContactInput, { maxItems: 20 }),
  schedules: Type.Array(ScheduleInput, { maxItems: 50, description: 'Weekly opening hours, in the library service’s time zone' }),
};

const CreateServiceBody = Body(
  {
    organisationId: Type.Optional(Type.String({ format: 'uuid', description: 'The partner organisation offering it: a caseworker’s own by default; library staff must give one' })),
    ...editableFields,
  },
  'The organisation is listed in the directory the first time one of its services is.',
);

const UpdateServiceBody = Type.Partial(Type.Object(editableFields), {
  additionalProperties: false,
  description: 'Fields left out stay as they are; a nested list given (terms, locations, phones, contacts, schedules) replaces the whole list.',
});

const editors = { access: DIRECTORY_EDITORS };
const readers = { access: DIRECTORY_READERS };
const tags = ['service-directory'];
const base = '/api/service-directory/services';
const FIELD_ERRORS = '`age_range_invalid`, `coordinates_incomplete`, `schedule_invalid`, `term_not_found`';
const SCOPE = 'A partner caseworker reaches only her own organisation’s services; another’s answers 404.';

export function registerServiceRoutes(app: HearthApp) {
  const db = () => app.hearth.database.db;

  app.post(
    base,
    {
      config: editors,
      schema: {
        tags,
        summary: 'List a service in the directory',
        description: `Errors: 403 \`not_your_organisation\` (a caseworker naming another organisation); 422 \`organisation_required\`, \`organisation_not_found\`, ${FIELD_ERRORS}.`,
        body: CreateServiceBody,
        response: { 201: ServiceSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createService(db(), editorFrom(request), request.body)),
  );

  app.get(`${base}/:id`, { config: readers, schema: { tags, summary: 'Read a service with its locations, phones, contacts, hours and terms', params: IdParams, response: { 200: ServiceSchema } } }, async (request) =>
    getService(db(), principalOf(request).tenantId, request.params.id),
  );

  app.patch(
    `${base}/:id`,
    {
      config: editors,
      schema: {
        tags,
        summary: 'Change a service (audited with a field diff)',
        description: `${SCOPE} Errors: 409 \`service_imported\` (change it at its source); 422 ${FIELD_ERRORS}.`,
        params: IdParams,
        body: UpdateServiceBody,
        response: { 200: ServiceSchema },
      },
    },
    async (request) => updateService(db(), editorFrom(request), request.params.id, request.body),
  );

  app.delete(
    `${base}/:id`,
    { config: editors, schema: { tags, summary: 'Remove a service from the directory', description: `${SCOPE} Errors: 409 \`service_imported\`.`, params: IdParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await deleteService(db(), editorFrom(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
