import { describe, expect, it } from 'vitest';
import { isoInZone, transitionsIn, vtimezone } from './public-time-zones.ts';

describe('VTIMEZONE from the platform’s time-zone data', () => {
  it('finds London’s clock changes to the minute', () => {
    expect(transitionsIn(2026, 'Europe/London')).toEqual([
      { at: Date.parse('2026-03-29T01:00:00Z'), from: 0, to: 60 },
      { at: Date.parse('2026-10-25T01:00:00Z'), from: 60, to: 0 },
    ]);
  });

  it('writes them as yearly rules on the last Sunday of March and October, read on the clock before the change', () => {
    const text = vtimezone('Europe/London', 2026);
    expect(text).toContain('BEGIN:DAYLIGHT\r\nDTSTART:20260329T010000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\nTZNAME:BST\r\nEND:DAYLIGHT');
    expect(text).toContain('BEGIN:STANDARD\r\nDTSTART:20261025T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\nTZNAME:GMT\r\nEND:STANDARD');
  });

  it('gives a zone without clock changes its one offset', () => {
    expect(vtimezone('Asia/Kabul', 2026)).toContain('TZOFFSETFROM:+0430\r\nTZOFFSETTO:+0430');
  });

  it('writes instants with the local offset of the day', () => {
    expect(isoInZone(new Date('2026-10-20T09:00:00Z'), 'Europe/London')).toBe('2026-10-20T10:00:00+01:00');
    expect(isoInZone(new Date('2026-10-27T10:00:00Z'), 'Europe/London')).toBe('2026-10-27T10:00:00+00:00');
  });
});
