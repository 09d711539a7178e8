// What a file really is, in words a rep understands (issue 25 item 8): from the type sniffed from its bytes,
// never from its name. Pure; the words themselves are in the catalog (evidence.type.*).

/** A sniffed type, sorted for the reader: the catalog says each in the user's language. */
export type FoundType =
  | { type: 'pdf' }
  | { type: 'image'; format: string }
  | { type: 'word' | 'excel' | 'powerpoint' | 'office' | 'zip' | 'text' | 'binary' }
  | { type: 'other'; mime: string };

/** `mime` as sniffed (null: no known format); `plainText`: the bytes read as text. */
export function foundType(mime: string | null | undefined, plainText: boolean): FoundType {
  if (mime === null || mime === undefined || mime === '') return { type: plainText ? 'text' : 'binary' };
  if (mime === 'application/pdf') return { type: 'pdf' };
  if (mime.startsWith('image/')) {
    const sub = mime.slice(6).replace(/^x-/, '');
    return { type: 'image', format: (IMAGE_NAMES[sub] ?? sub).toUpperCase() };
  }
  if (mime.includes('wordprocessingml') || mime === 'application/msword') return { type: 'word' };
  if (mime.includes('spreadsheetml') || mime === 'application/vnd.ms-excel') return { type: 'excel' };
  if (mime.includes('presentationml') || mime === 'application/vnd.ms-powerpoint')
    return { type: 'powerpoint' };
  if (mime === 'application/x-cfb') return { type: 'office' };
  if (mime === 'application/zip') return { type: 'zip' };
  return { type: 'other', mime };
}

const IMAGE_NAMES: Record<string, string> = { jpeg: 'jpeg', 'svg+xml': 'svg', 'vnd.microsoft.icon': 'ico' };

/** What a file name's extension promises, as the sniffed MIME types that keep the promise. */
const EXTENSIONS: Record<string, readonly string[]> = {
  pdf: ['application/pdf'],
  jpg: ['image/jpeg'],
  jpeg: ['image/jpeg'],
  png: ['image/png'],
  gif: ['image/gif'],
  webp: ['image/webp'],
  heic: ['image/heic', 'image/heif', 'image/heic-sequence', 'image/heif-sequence'],
  heif: ['image/heic', 'image/heif', 'image/heic-sequence', 'image/heif-sequence'],
  // An Office file is a ZIP (new) or a compound file (old); either may be reported for the other's extension.
  docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/zip'],
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/zip'],
  pptx: ['application/vnd.openxmlformats-officedocument.presentationml.presentation', 'application/zip'],
  doc: ['application/x-cfb', 'application/msword'],
  xls: ['application/x-cfb', 'application/vnd.ms-excel'],
  ppt: ['application/x-cfb', 'application/vnd.ms-powerpoint'],
  zip: ['application/zip'],
};

/** The extension a name promises and its bytes break (`.pdf` on a text file), or null. */
export function brokenExtension(fileName: string, mime: string | null | undefined): string | null {
  const ext = /\.([a-z0-9]{1,5})$/i.exec(fileName.trim())?.[1]?.toLowerCase();
  if (ext === undefined) return null;
  const promised = EXTENSIONS[ext];
  if (promised === undefined) return null;
  return promised.includes(mime ?? '') ? null : ext;
}
