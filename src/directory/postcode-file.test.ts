import { describe, expect, it } from 'vitest';
import { columnsOf, placeOfRow, readPostcodeFile, UnrecognisedPostcodeFile } from './postcode-file.ts';

describe('columnsOf', () => {
  it('finds ONSPD, NSPL and simple headers whatever their case, preferring pcds', () => {
    expect(columnsOf(['pcd', 'pcd2', 'PCDS', 'dointr', 'doterm', 'LAT', 'Long'])).toEqual({ postcode: 2, latitude: 5, longitude: 6, terminated: 4 });
    expect(columnsOf([' Postcode ', 'Latitude', 'Longitude'])).toEqual({ postcode: 0, latitude: 1, longitude: 2, terminated: -1 });
    expect(columnsOf(['postcode', 'lng', 'lat'])).toMatchObject({ latitude: 2, longitude: 1 });
  });

  it('refuses a header without a postcode, a latitude or a longitude column', () => {
    expect(() => columnsOf(['postcode', 'easting', 'northing'])).toThrow(UnrecognisedPostcodeFile);
    expect(() => columnsOf(['name', 'lat', 'long'])).toThrow(/postcode column \(pcds, pcd, pcd2, postcode\)/);
  });
});

describe('placeOfRow', () => {
  const columns = columnsOf(['pcds', 'doterm', 'lat', 'long']);

  it('keeps a live postcode compact, with its district and centroid', () => {
    expect(placeOfRow(['ip1 3dt', '', '52.0590', '1.1460'], columns)).toEqual({ postcode: 'IP13DT', outward: 'IP1', latitude: 52.059, longitude: 1.146 });
    expect(placeOfRow(['EC1A 1BB', '', '51.520', '-0.097'], columns)).toMatchObject({ postcode: 'EC1A1BB', outward: 'EC1A' });
    expect(placeOfRow(['GIR 0AA', '', '51.5', '-0.1'], columns)).toMatchObject({ postcode: 'GIR0AA', outward: 'GIR' });
  });

  it('skips terminated postcodes and those ONSPD has no grid reference for', () => {
    expect(placeOfRow(['IP1 9ZZ', '201904', '52.06', '1.15'], columns)).toBe('skipped');
    expect(placeOfRow(['IP1 9ZY', '', '99.999999', '0.000000'], columns)).toBe('skipped');
  });

  it('rejects what is not a UK postcode with a latitude and longitude, saying why', () => {
    expect(placeOfRow(['', '', '52', '1'], columns)).toEqual({ reason: 'the postcode is missing' });
    expect(placeOfRow(['12345', '', '52', '1'], columns)).toEqual({ reason: '"12345" is not a UK postcode' });
    expect(placeOfRow(['IP1 3DT', '', 'north', '1'], columns)).toEqual({ reason: 'the latitude "north" is not a number from -90 to 90' });
    expect(placeOfRow(['IP1 3DT', '', '91', '1'], columns)).toEqual({ reason: 'the latitude "91" is not a number from -90 to 90' });
    expect(placeOfRow(['IP1 3DT', '', '52', ''], columns)).toEqual({ reason: 'the longitude "" is not a number from -180 to 180' });
    expect(placeOfRow(['IP1 3DT', '', '52', '1e2'], columns)).toEqual({ reason: 'the longitude "1e2" is not a number from -180 to 180' });
    expect(placeOfRow(['IP1 3DT'], columns)).toEqual({ reason: 'the latitude "" is not a number from -90 to 90' });
  });
});

describe('readPostcodeFile', () => {
  it('reads every row, reports rejected ones by line and keeps the last row of a postcode listed twice', () => {
    const file = readPostcodeFile(
      ['\uFEFFpostcode,latitude,longitude', 'IP1 1AA,52.05,1.15', '', 'IP1 1AB,far,1.15', '"IP1 1AC",52.06,1.16', 'ip11aa,52.07,1.17', 'IP1 1AD,"52.08'].join('\r\n'),
    );
    expect(file.places).toEqual([
      { postcode: 'IP11AA', outward: 'IP1', latitude: 52.07, longitude: 1.17 },
      { postcode: 'IP11AC', outward: 'IP1', latitude: 52.06, longitude: 1.16 },
    ]);
    expect(file.skipped).toBe(0);
    expect(file.rejected).toEqual([
      { line: 4, reason: 'the latitude "far" is not a number from -90 to 90' },
      { line: 7, reason: expect.stringMatching(/Quote Not Closed/) },
    ]);
  });

  it('refuses an empty file or one without the columns it needs', () => {
    expect(() => readPostcodeFile('')).toThrow(UnrecognisedPostcodeFile);
    expect(() => readPostcodeFile('name,town\nLibrary,Ipswich\n')).toThrow(UnrecognisedPostcodeFile);
  });
});
