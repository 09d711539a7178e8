import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { hammingDistance } from '../modules/reports/rules/photo-hash.ts';
import { DEFAULT_RULES } from '../modules/rules.ts';
import { analysePhoto, exifInstant, photoHash, readExif, sniffImage } from './photo.ts';

const W = 640;
const H = 480;

/** A photo-like scene: a sky gradient, a "shop front" with a dark door and a bright sign, soft texture. */
function scene(): Promise<Buffer> {
  const px = Buffer.alloc(W * H * 3);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 3;
      const texture = 12 * Math.sin(x / 7) * Math.cos(y / 11);
      let r = 120 + y / 5 + texture;
      let g = 160 + y / 8 + texture;
      let b = 230 - y / 4 + texture;
      if (y > 180) [r, g, b] = [150 + texture, 110 + texture, 80 + texture]; // the wall
      if (y > 260 && x > 260 && x < 380) [r, g, b] = [40, 35, 30]; // the door
      if (y > 200 && y < 240 && x > 120 && x < 520) [r, g, b] = [230, 40, 40]; // the sign
      px[i] = Math.max(0, Math.min(255, r));
      px[i + 1] = Math.max(0, Math.min(255, g));
      px[i + 2] = Math.max(0, Math.min(255, b));
    }
  return sharp(px, { raw: { width: W, height: H, channels: 3 } })
    .jpeg({ quality: 92 })
    .toBuffer();
}

/** Something else entirely: diagonal stripes and a bright disc on the left. */
function unrelated(): Promise<Buffer> {
  const px = Buffer.alloc(W * H * 3);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 3;
      const stripe = ((x + y) >> 5) % 2 === 0 ? 200 : 60;
      const disc = (x - 160) ** 2 + (y - 300) ** 2 < 90 ** 2 ? 255 : stripe;
      px[i] = disc;
      px[i + 1] = stripe;
      px[i + 2] = 255 - stripe;
    }
  return sharp(px, { raw: { width: W, height: H, channels: 3 } })
    .jpeg({ quality: 92 })
    .toBuffer();
}

describe('photoHash', () => {
  it('keeps a resized, recompressed copy within the reuse threshold and an unrelated photo far outside it', async () => {
    const original = await scene();
    const copy = await sharp(original).resize(320, 240).jpeg({ quality: 55 }).toBuffer();
    const asPng = await sharp(original).resize(480).png().toBuffer();
    const other = await unrelated();
    const [h0, h1, h2, h3] = await Promise.all([original, copy, asPng, other].map((b) => photoHash(b)));
    expect(h0).toMatch(/^[0-9a-f]{16}$/);
    const limit = DEFAULT_RULES.authenticity.photo.maxDistance;
    expect(hammingDistance(h0!, h1!)).toBeLessThanOrEqual(limit);
    expect(hammingDistance(h0!, h2!)).toBeLessThanOrEqual(limit);
    expect(hammingDistance(h0!, h3!)).toBeGreaterThan(3 * limit);
  });

  it('gives the same bytes the same hash', async () => {
    const original = await scene();
    expect(await photoHash(original)).toBe(await photoHash(Buffer.from(original)));
  });
});

describe('sniffImage', () => {
  it('takes a JPEG and a PNG, with their size', async () => {
    const jpeg = await scene();
    expect(await sniffImage(jpeg)).toEqual({ kind: 'image', format: 'jpeg', width: W, height: H });
    expect(await sniffImage(await sharp(jpeg).png().toBuffer())).toMatchObject({
      kind: 'image',
      format: 'png',
    });
  });

  it.each([
    ['nothing', Buffer.alloc(0), 'EMPTY'],
    ['text named photo.jpg', Buffer.from('this is not a photo'), 'UNREADABLE'],
    ['a PDF', Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n'), 'UNREADABLE'],
    ['a truncated JPEG header', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), 'UNREADABLE'],
    [
      'an SVG drawing',
      Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
      ),
      'UNKNOWN_FORMAT',
    ],
  ])('refuses %s', async (_name, bytes, reason) => {
    expect(await sniffImage(bytes)).toEqual({ kind: 'not-image', reason });
  });
});

describe('readExif', () => {
  async function withExif(ifd2: Record<string, string>, ifd3: Record<string, string> = {}): Promise<Buffer> {
    return sharp(await scene())
      .jpeg()
      .withExif({ IFD0: { Make: 'Leadline test' }, IFD2: ifd2, IFD3: ifd3 })
      .toBuffer();
  }
  const instant = Date.parse('2026-11-23T02:05:30Z');

  it('applies OffsetTimeOriginal when the camera wrote one, whatever the org timezone', async () => {
    const photo = await withExif({ DateTimeOriginal: '2026:11:23 10:05:30', OffsetTimeOriginal: '+08:00' });
    expect((await readExif(photo, 'America/New_York'))?.takenAt).toBe(instant);
  });

  it("reads a time without an offset in the org's timezone, not the server's", async () => {
    const photo = await withExif({ DateTimeOriginal: '2026:11:23 10:05:30' });
    expect((await readExif(photo, 'Asia/Shanghai'))?.takenAt).toBe(instant);
    expect((await readExif(photo, 'UTC'))?.takenAt).toBe(instant + 8 * 3_600_000);
  });

  it('reads the GPS position as WGS-84', async () => {
    const photo = await withExif(
      { DateTimeOriginal: '2026:11:23 10:05:30' },
      {
        GPSLatitudeRef: 'N',
        GPSLatitude: '31/1 13/1 4404/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '121/1 28/1 1/1',
      },
    );
    const exif = await readExif(photo, 'Asia/Shanghai');
    expect(exif?.place?.datum).toBe('WGS84');
    expect(exif?.place?.lat).toBeCloseTo(31 + 13 / 60 + 44.04 / 3600, 6);
    expect(exif?.place?.lng).toBeCloseTo(121 + 28 / 60 + 1 / 3600, 6);
  });

  it('says null for a photo whose EXIF a messenger stripped', async () => {
    const stripped = await sharp(await withExif({ DateTimeOriginal: '2026:11:23 10:05:30' }))
      .resize(320)
      .jpeg()
      .toBuffer();
    expect(await readExif(stripped, 'Asia/Shanghai')).toBeNull();
    expect(await readExif(await sharp(stripped).png().toBuffer(), 'Asia/Shanghai')).toBeNull();
  });

  it.each([
    ['2026:11:23 10:05:30', '-05:00', 'Asia/Shanghai', Date.parse('2026-11-23T15:05:30Z')],
    ['2026:11:23 10:05:30', 'garbage', 'Asia/Shanghai', instant],
    ['0000:00:00 00:00:00', null, 'Asia/Shanghai', null],
    [undefined, '+08:00', 'Asia/Shanghai', null],
  ])('exifInstant(%s, %s, %s) = %s', (value, offset, tz, expected) => {
    expect(exifInstant(value, offset, tz)).toBe(expected);
  });
});

describe('analysePhoto', () => {
  it('refuses an upload cut off halfway, whose header alone looks fine', async () => {
    const photo = await scene();
    const cut = photo.subarray(0, Math.floor(photo.byteLength / 2));
    expect(await sniffImage(cut)).toMatchObject({ kind: 'image', format: 'jpeg' });
    expect(await analysePhoto(cut, 'Asia/Shanghai')).toEqual({ kind: 'not-image', reason: 'UNREADABLE' });
  });

  it('gives the format, hash and EXIF of a photo, and only a reason for anything else', async () => {
    const photo = await sharp(await scene())
      .jpeg()
      .withExif({ IFD2: { DateTimeOriginal: '2026:11:23 10:05:30', OffsetTimeOriginal: '+08:00' } })
      .toBuffer();
    const analysed = await analysePhoto(photo, 'Asia/Shanghai');
    expect(analysed).toMatchObject({
      kind: 'photo',
      format: 'jpeg',
      width: W,
      height: H,
      exif: { takenAt: Date.parse('2026-11-23T02:05:30Z'), place: null },
    });
    expect(analysed.kind === 'photo' && analysed.hash).toBe(await photoHash(photo));
    expect(await analysePhoto(Buffer.from('hello'), 'Asia/Shanghai')).toEqual({
      kind: 'not-image',
      reason: 'UNREADABLE',
    });
  });
});
