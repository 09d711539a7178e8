// What an uploaded file really is, read from its bytes (never from its name or the platform's say-so):
// the sniffed type, and for a PDF its page count (F12).
import { fileTypeFromBuffer } from 'file-type';
import { PDFDocument } from 'pdf-lib';

export interface Inspected {
  /** The sniffed MIME type, or null when the bytes match no known format (plain text, say). */
  mime: string | null;
  /** Pages of a PDF; null when it is not a PDF or cannot be read. */
  pages: number | null;
}

export async function inspectFile(bytes: Uint8Array): Promise<Inspected> {
  const type = await fileTypeFromBuffer(bytes);
  const mime = type?.mime ?? null;
  if (mime !== 'application/pdf') return { mime, pages: null };
  try {
    // pdf-lib may keep a view of the buffer: give it a copy.
    const doc = await PDFDocument.load(bytes.slice(), { ignoreEncryption: true, updateMetadata: false });
    return { mime, pages: doc.getPageCount() };
  } catch {
    return { mime, pages: null };
  }
}
