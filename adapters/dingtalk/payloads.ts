// DingTalk's callback bodies, validated at the edge (PROTOCOLS.md, DingTalk). Unknown fields are kept out.
import { z } from 'zod';

export const robotMessageSchema = z.object({
  msgId: z.string().min(1),
  msgtype: z.string(),
  text: z.object({ content: z.string() }).optional(),
  /** audio: DingTalk's own transcript in `recognition` (single chats only). */
  content: z.object({ recognition: z.string().optional() }).loose().optional(),
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

/** The text of a message with the robot's @mention (at either end) taken off. */
export function commandText(message: RobotMessage): string | null {
  const raw =
    message.msgtype === 'text'
      ? message.text?.content
      : message.msgtype === 'audio'
        ? message.content?.recognition
        : undefined;
  if (raw === undefined) return null;
  return raw
    .replace(/^(\s*@\S+)+/u, '')
    .replace(/(\s+@\S+)+\s*$/u, '')
    .trim();
}
