// The playground's "platform format": the neutral Card as JSON, with any PNG inlined as a data: URL (and its
// one-line reading beneath), and any file as a data: URL the page offers as a download link (a table as CSV and
// as an Excel workbook). No I/O; the browser
// turns it into HTML (public/playground.js).
import type { Card, CardFile, Form, Reply } from '../../src/kernel/card.ts';
import { exportFiles } from '../../src/modules/analytics/charts/export-files.ts';

export interface WireCard extends Omit<Card, 'image' | 'file'> {
  image?: { src: string; alt: string; reading?: string };
  file?: WireFile;
  /** A table's Excel workbook, offered beside its CSV (issue 19, item 14). */
  workbook?: WireFile;
}

export interface WireFile {
  name: string;
  mime: string;
  href: string;
  size: number;
}

/** A reply is its card plus how to show it: `ephemeral`, `in_place` (replace the clicked card), `open_form`. */
export type WireReply = WireCard & {
  mode: Reply['mode'];
  /** For a form: its signed page on this server (`/m/form/<token>`), the phone page the messengers open. */
  pageUrl?: string;
};

/** Bytes to show; an outbox card whose bytes were too big to keep has them empty (card-json.ts). */
const isBytes = (v: unknown): v is Uint8Array => v instanceof Uint8Array && v.length > 0;
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

const wireFile = (file: CardFile): WireFile => ({
  name: file.name,
  mime: file.mime,
  size: file.bytes.length,
  href: `data:${file.mime.split(';')[0] ?? 'application/octet-stream'};base64,${base64(file.bytes)}`,
});

/** The card as the page gets it; a table file comes as its CSV and its workbook (export-files.ts). */
export async function toWireCard(card: Card): Promise<WireCard> {
  const { image, file, ...rest } = card;
  const out: WireCard = rest;
  // Cards stored without their bytes (older outbox rows) are shown without the image or file.
  if (image !== undefined && isBytes(image.png))
    out.image = {
      src: `data:image/png;base64,${base64(image.png)}`,
      alt: image.alt,
      ...(image.reading === undefined ? {} : { reading: image.reading }),
    };
  const [first, workbook] =
    file === undefined || !(isBytes(file.bytes) || file.table !== undefined) ? [] : await exportFiles(file);
  if (first !== undefined) out.file = wireFile(first);
  if (workbook !== undefined) out.workbook = wireFile(workbook);
  return out;
}

export function toWireReplies(
  replies: readonly Reply[],
  pageOf?: (form: Form) => string | undefined,
): Promise<WireReply[]> {
  return Promise.all(
    replies.map(async (r) => {
      const pageUrl = r.mode === 'open_form' && r.card.form !== undefined ? pageOf?.(r.card.form) : undefined;
      return { mode: r.mode, ...(await toWireCard(r.card)), ...(pageUrl === undefined ? {} : { pageUrl }) };
    }),
  );
}
