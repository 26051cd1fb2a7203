import { describe, expect, it } from 'vitest';
import { compact, derivedId, pageOf } from './hsds-presenters.ts';

describe('derivedId', () => {
  it('gives the same version 5 style UUID for the same parts, and another for other parts', () => {
    const id = derivedId('3a19ff88-4620-4d17-9830-ac1d859eb5d5', 'address');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(derivedId('3a19ff88-4620-4d17-9830-ac1d859eb5d5', 'address')).toBe(id);
    expect(derivedId('3a19ff88-4620-4d17-9830-ac1d859eb5d5', 'language', 'en')).not.toBe(id);
  });
});

describe('compact', () => {
  it('leaves out what Hearth does not hold, and keeps falsy values it does', () => {
    expect(compact({ name: 'Clinic', email: null, alternate_name: undefined, minimum_age: 0, description: '' })).toEqual({ name: 'Clinic', minimum_age: 0, description: '' });
  });
});

describe('pageOf', () => {
  it('describes a middle page, the last one and an empty result as HSDS does', () => {
    expect(pageOf(['b'], 5, { page: 2, perPage: 1 })).toEqual({ total_items: 5, total_pages: 5, page_number: 2, size: 1, first_page: false, last_page: false, empty: false, contents: ['b'] });
    expect(pageOf(['e'], 5, { page: 3, perPage: 2 })).toMatchObject({ total_pages: 3, last_page: true });
    expect(pageOf([], 0, { page: 1, perPage: 50 })).toEqual({ total_items: 0, total_pages: 0, page_number: 1, size: 0, first_page: true, last_page: true, empty: true, contents: [] });
  });
});
