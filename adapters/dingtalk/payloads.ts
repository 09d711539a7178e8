// DingTalk's callback bodies, validated at the edge (PROTOCOLS.md, DingTalk). Unknown fields are kept out.
import { z } from 'zod';

export const robotMessageSchema = z.object({
  msgId: z.string().min(1),
  msgtype: z.string(),
  text: z.object({ content: z.string() }).optional(),
  /**
   * audio: DingTalk's own transcript in `recognition` (single chats only); picture, file, video: a `downloadCode`
   * for messageFiles/download (a file also has its `fileName`); richText: the parts, text and pictures in order.
   */
  content: z
    .object({
      recognition: z.string().optional(),
      downloadCode: z.string().optional(),
      pictureDownloadCode: z.string().optional(),
      fileName: z.string().optional(),
      richText: z
        .array(
          z
            .object({
              text: z.string().optional(),
              type: z.string().optional(),
              downloadCode: z.string().optional(),
              pictureDownloadCode: z.string().optional(),
            })
            .loose(),
        )
        .optional(),
    })
    .loose()
    .optional(),
  conversationType: z.enum(['1', '2']),
  conversationId: z.string().min(1),
  senderStaffId: z.string().optional(),
  senderNick: z.string().optional(),
  isInAtList: z.boolean().optional(),
});
export type RobotMessage = z.infer<typeof robotMessageSchema>;

/** An interactive card's button click over HTTP (callbackRouteKey). */
export const cardCallbackSchema = z.object({
  outTrackId: z.string().min(1),
  userId: z.string().min(1),
  /** A JSON string: `{ cardPrivateData: { actionIds, params } }`. */
  content: z.string(),
});
export type CardCallback = z.infer<typeof cardCallbackSchema>;

const cardContentSchema = z.object({
  cardPrivateData: z.object({ params: z.record(z.string(), z.unknown()).optional() }).loose(),
});

/** The `action` parameter (`lead.claim:12`) a card button sent back, or null. */
export function cardActionParam(content: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return null;
  }
  const r = cardContentSchema.safeParse(parsed);
  const action = r.success ? r.data.cardPrivateData.params?.action : undefined;
  return typeof action === 'string' ? action : null;
}

/**
 * The text of a message with the robot's @mention (at either end) taken off: a text message's content, a voice
 * message's transcript (what the rep said is a command or a note like anything typed), a rich text's text parts
 * joined; null for a message with no words (a picture, a file).
 */
export function commandText(message: RobotMessage): string | null {
  const raw =
    message.msgtype === 'text'
      ? message.text?.content
      : message.msgtype === 'audio'
        ? message.content?.recognition
        : message.msgtype === 'richText'
          ? richTextWords(message)
          : undefined;
  if (raw === undefined) return null;
  return withoutTrailingMentions(raw.replace(/^(\s*@\S+)+/u, '')).trim();
}

const SPACE = /\s/u;

/**
 * `text` without its trailing `@mention`s (each after a space), in one backward pass: the regex
 * `/(\s+@\S+)+\s*$/u` did the same in quadratic time, and a 48 KB message held the server for seconds (issue 22).
 */
export function withoutTrailingMentions(text: string): string {
  const isSpace = (i: number) => SPACE.test(text.charAt(i));
  let end = text.length;
  while (end > 0 && isSpace(end - 1)) end--;
  let keep = text.length;
  for (;;) {
    let start = end;
    while (start > 0 && !isSpace(start - 1)) start--;
    // The last word is a mention (`@` and at least one more character) with a space before it.
    if (start === 0 || end - start < 2 || text.charAt(start) !== '@') break;
    while (start > 0 && isSpace(start - 1)) start--;
    keep = start;
    end = start;
  }
  return text.slice(0, keep);
}

function richTextWords(message: RobotMessage): string | undefined {
  const parts = message.content?.richText;
  if (parts === undefined) return undefined;
  return parts
    .map((p) => p.text ?? '')
    .filter((t) => t !== '')
    .join(' ');
}

/** A file in a robot message: what to ask messageFiles/download for, and a name for it. */
export interface MessageFile {
  downloadCode: string;
  name: string;
}

/**
 * The files a message carries: a picture, a file, a video, or the pictures of a rich text. DingTalk names no
 * picture; the engine tells photo from document by the bytes, so the name only has to read well.
 */
export function messageFiles(message: RobotMessage): MessageFile[] {
  const c = message.content;
  if (c === undefined) return [];
  const code = (part: { downloadCode?: string | undefined; pictureDownloadCode?: string | undefined }) =>
    part.downloadCode ?? part.pictureDownloadCode;
  switch (message.msgtype) {
    case 'picture': {
      const downloadCode = code(c);
      return downloadCode === undefined ? [] : [{ downloadCode, name: 'picture.jpg' }];
    }
    case 'file':
    case 'video': {
      const downloadCode = c.downloadCode;
      if (downloadCode === undefined) return [];
      return [{ downloadCode, name: c.fileName ?? (message.msgtype === 'video' ? 'video.mp4' : 'file') }];
    }
    case 'richText':
      return (c.richText ?? []).flatMap((part, i) => {
        const downloadCode = part.type === 'picture' || part.text === undefined ? code(part) : undefined;
        return downloadCode === undefined ? [] : [{ downloadCode, name: `picture-${i + 1}.jpg` }];
      });
    default:
      return [];
  }
}
