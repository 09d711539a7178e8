import { describe, expect, it } from 'vitest';
import { distanceMeters, toWgs84, type GeoPoint } from './geo.ts';

// People's Square, Shanghai, as a Chinese map (GCJ-02) gives it.
const SQUARE_GCJ: GeoPoint = { lat: 31.2304, lng: 121.4737, datum: 'GCJ02' };

describe('distanceMeters', () => {
  it('finds the same place 0 m apart when one is GCJ-02 and the other WGS-84', () => {
    const wgs = toWgs84(SQUARE_GCJ);
    expect(wgs.datum).toBe('WGS84');
    expect(distanceMeters(SQUARE_GCJ, wgs)).toBeLessThan(1);
    // Read as if both were WGS-84, the two are hundreds of metres apart: the datum matters.
    expect(distanceMeters({ ...SQUARE_GCJ, datum: 'WGS84' }, wgs)).toBeGreaterThan(400);
  });

  it('measures Shanghai to Beijing as about 1 068 km', () => {
    const beijing: GeoPoint = { lat: 39.9042, lng: 116.4074, datum: 'WGS84' };
    const shanghai: GeoPoint = { lat: 31.2304, lng: 121.4737, datum: 'WGS84' };
    expect(distanceMeters(shanghai, beijing) / 1000).toBeCloseTo(1068, -1);
  });

  it('converts Baidu (BD-09) coordinates too', () => {
    const bd: GeoPoint = { lat: 31.2363, lng: 121.4803, datum: 'BD09' };
    const wgs = toWgs84(bd);
    expect(distanceMeters(bd, wgs)).toBeLessThan(1);
    expect(distanceMeters(bd, SQUARE_GCJ)).toBeLessThan(100);
  });

  it('leaves a point outside China unchanged (GCJ-02 is only applied inside)', () => {
    const paris: GeoPoint = { lat: 48.8566, lng: 2.3522, datum: 'GCJ02' };
    expect(toWgs84(paris)).toMatchObject({ lat: 48.8566, lng: 2.3522 });
  });
});
