// A visit photo as the authenticity index needs it (F29): is it really an image, its 64-bit perceptual hash
// (sharp-phash: DCT pHash over a 32×32 greyscale copy, so resizing and recompressing keep it within a few
// bits), and the camera's time and place when the EXIF survived the messenger.
import { DateTime } from 'luxon';
import type { GeoPoint } from '../kernel/geo.ts';
import { imageLibs } from './image-libs.ts';
import { fileWork } from './limit.ts';

/** Formats a phone camera or a messenger sends. */
export const PHOTO_FORMATS = ['jpeg', 'png', 'webp', 'heif', 'gif'] as const;
export type PhotoFormat = (typeof PHOTO_FORMATS)[number];

/** Bigger than any phone photo a messenger forwards; refuse before decoding. */
export const MAX_PHOTO_BYTES = 25 * 1024 * 1024;

/**
 * Pixels (all frames of an animation) we agree to decode: a 50-megapixel phone photo, well past what a messenger
 * forwards. A 1 MB PNG can declare 16,383 × 16,383 (268 megapixels, 7–12 s of CPU to decode): its size is read
 * from the header and it is refused before any pixel is decoded (issue 22).
 */
export const MAX_PHOTO_PIXELS = 50_000_000;

export type Sniffed =
  | { kind: 'image'; format: PhotoFormat; width: number; height: number }
  | {
      kind: 'not-image';
      reason: 'EMPTY' | 'TOO_LARGE' | 'TOO_MANY_PIXELS' | 'UNKNOWN_FORMAT' | 'UNREADABLE';
    };

/**
 * Whether the bytes are an image we take, decided from its header (sharp's metadata reads the header only, it
 * decodes no pixel), not by a file name or MIME type.
 */
export async function sniffImage(bytes: Uint8Array): Promise<Sniffed> {
  if (bytes.byteLength === 0) return { kind: 'not-image', reason: 'EMPTY' };
  if (bytes.byteLength > MAX_PHOTO_BYTES) return { kind: 'not-image', reason: 'TOO_LARGE' };
  const { sharp } = await imageLibs();
  try {
    const meta = await sharp(bytes, { failOn: 'error' }).metadata();
    const format = PHOTO_FORMATS.find((f) => f === meta.format);
    if (format === undefined || !meta.width || !meta.height)
      return { kind: 'not-image', reason: 'UNKNOWN_FORMAT' };
    // `height` is one frame's; an animation decodes every frame.
    if (meta.width * meta.height * Math.max(1, meta.pages ?? 1) > MAX_PHOTO_PIXELS)
      return { kind: 'not-image', reason: 'TOO_MANY_PIXELS' };
    return { kind: 'image', format, width: meta.width, height: meta.height };
  } catch {
    return { kind: 'not-image', reason: 'UNREADABLE' };
  }
}

/**
 * An image we take whose pixels really decode: a 23-byte text starting `GIF89a` is sniffed as a GIF by its magic
 * bytes but is no photo. Decoded small (JPEG shrinks on load) under sharp's own pixel limit, in the file-work
 * queue so a burst of photos cannot take every libuv thread.
 */
export async function checkImage(bytes: Uint8Array): Promise<Sniffed> {
  const sniffed = await sniffImage(bytes);
  if (sniffed.kind === 'not-image') return sniffed;
  const { sharp } = await imageLibs();
  try {
    await fileWork.run(() =>
      sharp(bytes, { failOn: 'error', limitInputPixels: MAX_PHOTO_PIXELS, animated: false })
        .resize(64, 64, { fit: 'inside' })
        .raw()
        .toBuffer(),
    );
    return sniffed;
  } catch {
    return { kind: 'not-image', reason: 'UNREADABLE' };
  }
}

/** The 64-bit perceptual hash as 16 hex digits (what src/modules/reports/rules/photo-hash.ts searches). */
export async function photoHash(bytes: Uint8Array): Promise<string> {
  const { phash } = await imageLibs();
  const bits = await phash(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  if (!/^[01]{64}$/.test(bits)) throw new Error(`unexpected perceptual hash: ${bits}`);
  return BigInt(`0b${bits}`).toString(16).padStart(16, '0');
}

export interface PhotoExif {
  /** DateTimeOriginal as an instant: with OffsetTimeOriginal when the camera wrote one, else in `timezone`. */
  takenAt: number | null;
  /** The camera's GPS position (always WGS-84). */
  place: GeoPoint | null;
}

const EXIF_DATE = 'yyyy:MM:dd HH:mm:ss';
const OFFSET = /^[+-]\d{2}:\d{2}$/;

/**
 * The camera's time and place, or null when the photo has no EXIF (messengers often strip it; that is
 * never held against the photo). exifr's own date reviver reads DateTimeOriginal in the server's timezone
 * and ignores OffsetTimeOriginal, so dates are read raw (`reviveValues: false`) and placed here.
 */
export async function readExif(bytes: Uint8Array, timezone: string): Promise<PhotoExif | null> {
  const { exifr } = await imageLibs();
  let raw: unknown;
  try {
    raw = await exifr.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      reviveValues: false,
      tiff: true,
      exif: true,
      gps: true,
      ifd1: false,
      xmp: false,
      icc: false,
      iptc: false,
      jfif: false,
      ihdr: false,
      pick: [
        'DateTimeOriginal',
        'CreateDate',
        'OffsetTimeOriginal',
        'OffsetTime',
        'GPSLatitude',
        'GPSLongitude',
        'GPSLatitudeRef',
        'GPSLongitudeRef',
      ],
    });
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const tags = raw as Record<string, unknown>;
  const takenAt = exifInstant(
    tags.DateTimeOriginal ?? tags.CreateDate,
    tags.OffsetTimeOriginal ?? tags.OffsetTime,
    timezone,
  );
  const place = gpsPlace(tags.latitude, tags.longitude);
  if (takenAt === null && place === null) return null;
  return { takenAt, place };
}

/** `2026:11:23 10:05:30` with `+08:00`, or in the org's timezone when the camera wrote no offset. */
export function exifInstant(value: unknown, offset: unknown, timezone: string): number | null {
  if (typeof value !== 'string') return null;
  const zone = typeof offset === 'string' && OFFSET.test(offset.trim()) ? `UTC${offset.trim()}` : timezone;
  const dt = DateTime.fromFormat(value.trim().slice(0, 19), EXIF_DATE, { zone });
  return dt.isValid ? dt.toMillis() : null;
}

function gpsPlace(lat: unknown, lng: unknown): GeoPoint | null {
  if (typeof lat !== 'number' || typeof lng !== 'number') return null;
  if (!Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180)
    return null;
  // 0,0 is what some phones write when they had no fix.
  if (lat === 0 && lng === 0) return null;
  return { lat, lng, datum: 'WGS84' };
}

export type AnalysedPhoto =
  | {
      kind: 'photo';
      format: PhotoFormat;
      width: number;
      height: number;
      hash: string;
      exif: PhotoExif | null;
    }
  | { kind: 'not-image'; reason: Extract<Sniffed, { kind: 'not-image' }>['reason'] };

/** Everything the authenticity index reads from one uploaded photo. */
export async function analysePhoto(bytes: Uint8Array, timezone: string): Promise<AnalysedPhoto> {
  const sniffed = await sniffImage(bytes);
  if (sniffed.kind === 'not-image') return sniffed;
  let hash: string;
  try {
    hash = await fileWork.run(() => photoHash(bytes));
  } catch {
    // The header was fine but the pixels are not (a truncated upload): nothing to compare.
    return { kind: 'not-image', reason: 'UNREADABLE' };
  }
  const exif = await readExif(bytes, timezone);
  return { kind: 'photo', format: sniffed.format, width: sniffed.width, height: sniffed.height, hash, exif };
}
