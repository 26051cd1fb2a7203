import { describe, expect, it } from 'vitest';
import { servicesIn, unstorable } from './hsds-import.ts';

const service = { id: 'ac148810-d857-441c-9679-408f346de14b', name: 'Counselling', status: 'active' as const };

describe('servicesIn', () => {
  it('reads an array of services, an HSDS Page and a single service', () => {
    expect(servicesIn([service, service])).toHaveLength(2);
    expect(servicesIn({ total_items: 1, contents: [service] })).toEqual([service]);
    expect(servicesIn(service)).toEqual([service]);
  });

  it('refuses anything else', () => {
    for (const document of [null, 42, 'services', { services: [service] }]) {
      expect(() => servicesIn(document)).toThrow(expect.objectContaining({ code: 'hsds_document_unrecognised' }));
    }
  });
});

describe('unstorable', () => {
  it('accepts what the directory can keep', () => {
    expect(unstorable({ ...service, minimum_age: 12, maximum_age: 100, assured_date: '2026-01-31', schedules: [{ id: 's', opens_at: '09:00', closes_at: '17:30:00', valid_from: '2026-01-01' }] })).toBeNull();
  });

  it('names what HSDS allows but the directory cannot keep', () => {
    expect(unstorable({ ...service, minimum_age: 12.5 })).toBe('ages must be whole numbers of years');
    expect(unstorable({ ...service, minimum_age: 65, maximum_age: 18 })).toBe('minimum_age is above maximum_age');
    expect(unstorable({ ...service, assured_date: '31/01/2026' })).toBe('assured_date is not an ISO date');
    expect(unstorable({ ...service, schedules: [{ id: 's1', opens_at: '9am' }] })).toBe('schedule s1 has a time that is not HH:MM:SS');
    expect(unstorable({ ...service, schedules: [{ id: 's2', opens_at: '17:00:00', closes_at: '09:00:00' }] })).toBe('schedule s2 closes before it opens');
    const abroad = { id: 'l1', location_type: 'physical' as const, addresses: [{ id: 'a', address_1: '1 Main St', city: 'Town', state_province: '', postal_code: 'X', country: 'United Kingdom', address_type: 'physical' as const }] };
    expect(unstorable({ ...service, service_at_locations: [{ id: 'p', location: abroad }] })).toBe('location l1 has a country that is not a two-letter ISO 3166 code');
  });
});
