import { describe, expect, it } from 'vitest';
import { changesBetween } from './audit.ts';

describe('audit change sets', () => {
  it('lists only fields that changed, with before and after', () => {
    expect(changesBetween({ name: 'Haverhill', code: 'HAV', address: null }, { name: 'Haverhill Library', code: 'HAV', address: undefined })).toEqual({
      name: { from: 'Haverhill', to: 'Haverhill Library' },
    });
  });
  it('compares nested values by content', () => {
    const hours = [{ weekday: 1, opens: '09:00', closes: '17:00' }];
    expect(changesBetween({ hours }, { hours: structuredClone(hours) })).toEqual({});
  });
});
