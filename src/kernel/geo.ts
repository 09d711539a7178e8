// Distances between places reported in different datums. WeCom and Chinese maps (AMap, Tencent) give GCJ-02,
// Baidu gives BD-09, a photo's EXIF GPS is WGS-84: the same doorway differs by hundreds of metres between them,
// so every place is converted to WGS-84 (gcoord) before a distance is measured.
import gcoordModule from 'gcoord';

export type Datum = 'WGS84' | 'GCJ02' | 'BD09';

export interface GeoPoint {
  lat: number;
  lng: number;
  datum: Datum;
}

// gcoord is CommonJS with a d.ts that says `export default`: under NodeNext, TypeScript reads that as
// `module.exports.default`, while at run time the default import is `module.exports` itself.
type Gcoord = typeof gcoordModule.default;
const gcoord: Gcoord =
  (gcoordModule as unknown as { default?: Gcoord }).default ?? (gcoordModule as unknown as Gcoord);

const CRS: Record<Datum, Parameters<Gcoord['transform']>[1]> = {
  WGS84: gcoord.WGS84,
  GCJ02: gcoord.GCJ02,
  BD09: gcoord.BD09,
};

/** The same place in WGS-84 (gcoord leaves points outside China unchanged, as GCJ-02 does). */
export function toWgs84(p: GeoPoint): GeoPoint {
  if (p.datum === 'WGS84') return p;
  const [lng, lat] = gcoord.transform([p.lng, p.lat] as [number, number], CRS[p.datum], gcoord.WGS84);
  return { lat, lng, datum: 'WGS84' };
}

/** The same place in GCJ-02, the datum check-ins are stored in (Chinese maps and WeCom use it). */
export function toGcj02(p: GeoPoint): GeoPoint {
  if (p.datum === 'GCJ02') return p;
  const [lng, lat] = gcoord.transform([p.lng, p.lat] as [number, number], CRS[p.datum], gcoord.GCJ02);
  return { lat, lng, datum: 'GCJ02' };
}

const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres, each point converted to WGS-84 first. */
export function distanceMeters(a: GeoPoint, b: GeoPoint): number {
  const p = toWgs84(a);
  const q = toWgs84(b);
  const rad = Math.PI / 180;
  const dLat = (q.lat - p.lat) * rad;
  const dLng = (q.lng - p.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(p.lat * rad) * Math.cos(q.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** True for a usable latitude/longitude pair. */
export function isValidPoint(p: GeoPoint): boolean {
  return Number.isFinite(p.lat) && Number.isFinite(p.lng) && Math.abs(p.lat) <= 90 && Math.abs(p.lng) <= 180;
}
