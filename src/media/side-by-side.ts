// Report photos as one picture for a card (issue 25, item 16): a manager compares a photo flagged as reused with the
// earlier photo it matches, side by side. A card carries one PNG (Card.image), delivered by each messenger's image
// path (the one charts use), so the two are joined here; a missing or purged file is a grey panel.
import { imageLibs } from './image-libs.ts';
import { MAX_PHOTO_PIXELS } from './photo.ts';

/** Each panel's height; both are scaled to it, each at most PANEL_MAX_WIDTH wide. */
const PANEL_HEIGHT = 360;
const PANEL_MAX_WIDTH = 540;
const GAP = 12;
const GREY = { r: 226, g: 229, b: 234, alpha: 1 };
const WHITE = { r: 255, g: 255, b: 255, alpha: 1 };

async function panel(bytes: Uint8Array | null): Promise<{ png: Buffer; width: number }> {
  const { sharp } = await imageLibs();
  if (bytes !== null) {
    try {
      const { data, info } = await sharp(bytes, { limitInputPixels: MAX_PHOTO_PIXELS })
        .rotate()
        .resize({ height: PANEL_HEIGHT, width: PANEL_MAX_WIDTH, fit: 'inside' })
        .png()
        .toBuffer({ resolveWithObject: true });
      return { png: data, width: info.width };
    } catch {
      // A file that no longer decodes is shown as missing, like a purged one.
    }
  }
  const width = Math.round((PANEL_HEIGHT * 4) / 3);
  const png = await sharp({ create: { width, height: PANEL_HEIGHT, channels: 4, background: GREY } })
    .png()
    .toBuffer();
  return { png, width };
}

/** One photo, or two side by side (left first), as a PNG; null when there is no photo at all. */
export async function photosSideBySide(photos: ReadonlyArray<Uint8Array | null>): Promise<Uint8Array | null> {
  if (photos.length === 0 || photos.every((p) => p === null)) return null;
  const { sharp } = await imageLibs();
  const panels = await Promise.all(photos.slice(0, 2).map(panel));
  const width = panels.reduce((w, p) => w + p.width, 0) + GAP * (panels.length - 1);
  let left = 0;
  const layers = panels.map((p) => {
    const layer = { input: p.png, left, top: 0 };
    left += p.width + GAP;
    return layer;
  });
  const out = await sharp({ create: { width, height: PANEL_HEIGHT, channels: 4, background: WHITE } })
    .composite(layers)
    .png()
    .toBuffer();
  return new Uint8Array(out);
}
