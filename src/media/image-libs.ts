// sharp, sharp-phash and exifr, loaded on the first photo (issue 23, item 6): together ~20 MB that every server
// and CLI paid at start, though only report photos and deal evidence ever use them.
import type exifrModule from 'exifr';
import type sharpModule from 'sharp';
import type phashModule from 'sharp-phash';

// sharp-phash is CommonJS (`module.exports = phash`) with a d.ts that says `export default`: under NodeNext,
// TypeScript reads that as `module.exports.default`, while at run time the default import is the function.
type Phash = typeof phashModule.default;

export interface ImageLibs {
  sharp: typeof sharpModule;
  exifr: typeof exifrModule;
  phash: Phash;
}

let libs: Promise<ImageLibs> | null = null;

export function imageLibs(): Promise<ImageLibs> {
  libs ??= Promise.all([import('sharp'), import('exifr'), import('sharp-phash')]).then(
    ([sharp, exifr, phash]) => ({
      sharp: sharp.default,
      exifr: exifr.default,
      phash: (phash.default as unknown as { default?: Phash }).default ?? (phash.default as unknown as Phash),
    }),
    (err: unknown) => {
      libs = null; // tried again by the next photo
      throw err;
    },
  );
  return libs;
}
