// What an uploaded file really is, read from its bytes (never from its name or the platform's say-so): the sniffed
// type, for a PDF its page count (F12), and whether it is safe to take at all (issue 22). Parsing is the costly
// and dangerous part: a PDF's page tree is walked in a worker thread (pdf-pages.ts), an image's size is read from
// its header before a pixel is decoded, and both wait their turn in the file-work queue.
import { fileTypeFromBuffer } from 'file-type';
import { fileWork } from './limit.ts';
import { readPdfPages, type PdfRefusal } from './pdf-pages.ts';
import { checkImage } from './photo.ts';

/** Why a file is refused whatever it was sent for. */
export type FileRefusal = PdfRefusal | 'IMAGE_TOO_LARGE' | 'IMAGE_UNREADABLE';

export interface Inspected {
  /** The sniffed MIME type, or null when the bytes match no known format (plain text, say). */
  mime: string | null;
  /** Pages of a PDF; null when it is not a PDF or cannot be read. */
  pages: number | null;
  /** Set when the file must not be taken: a hostile PDF, an image bomb, an "image" that does not decode. */
  refusal: FileRefusal | null;
  /** No known format but the bytes read as text (UTF-8, GB18030…): "a plain text file", not "unknown". */
  plainText: boolean;
}

/**
 * Text, as far as bytes can tell: no NUL and hardly any control characters other than tab, line breaks, form
 * feed and escape. Holds for UTF-8, GB18030 and Big5 alike (their multi-byte sequences are all ≥ 0x40).
 */
export function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 64 * 1024);
  if (n === 0) return false;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i] as number;
    if (b === 0) return false;
    if (b < 0x20 && b !== 9 && b !== 10 && b !== 12 && b !== 13 && b !== 27) control++;
  }
  return control / n < 0.01;
}

export async function inspectFile(bytes: Uint8Array): Promise<Inspected> {
  const type = await fileTypeFromBuffer(bytes);
  const mime = type?.mime ?? null;
  if (mime === 'application/pdf') {
    const r = await fileWork.run(() => readPdfPages(bytes));
    if (r.kind === 'refused') return { mime, pages: null, refusal: r.reason, plainText: false };
    return { mime, pages: r.kind === 'pages' ? r.pages : null, refusal: null, plainText: false };
  }
  if (mime?.startsWith('image/') === true) {
    const image = await checkImage(bytes);
    if (image.kind === 'image') return { mime, pages: null, refusal: null, plainText: false };
    if (image.reason === 'TOO_MANY_PIXELS')
      return { mime, pages: null, refusal: 'IMAGE_TOO_LARGE', plainText: false };
    // A format we do not decode (TIFF, BMP, an icon…) is an ordinary file; bytes that claim an image but do not
    // decode are refused.
    if (image.reason === 'UNKNOWN_FORMAT') return { mime, pages: null, refusal: null, plainText: false };
    return { mime, pages: null, refusal: 'IMAGE_UNREADABLE', plainText: false };
  }
  return { mime, pages: null, refusal: null, plainText: mime === null && looksLikeText(bytes) };
}
