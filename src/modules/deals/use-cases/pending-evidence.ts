// Evidence announced in one message and sent in the next. WeCom and DingTalk deliver a photo or file as a message
// of its own, without a caption, so `证据 D12 [item]` with nothing attached means "my next file is for D12": we
// remember that for a few minutes, and the person's next file without a caption goes there (once).
//
// Kept in the settings table (one row per person, key below), which every instance shares on one database: no
// new table for a few-minute memo. Taking it deletes the row, so of two files arriving at once one is filed.
import { z } from 'zod';
import type { EngineDeps } from '../../deps.ts';

export const PENDING_EVIDENCE_MS = 10 * 60_000;

export interface PendingEvidence {
  dealId: number;
  requirement: string | null;
  until: number;
}

const pendingSchema = z.object({
  dealId: z.number().int().positive(),
  requirement: z.string().nullable(),
  until: z.number(),
}) satisfies z.ZodType<PendingEvidence>;

const key = (personId: string) => `pending-evidence:${personId}`;

export async function rememberPendingEvidence(
  deps: EngineDeps,
  personId: string,
  dealId: number,
  requirement: string | null,
): Promise<PendingEvidence> {
  const pending = { dealId, requirement, until: deps.clock() + PENDING_EVIDENCE_MS };
  await deps.store.transaction((tx) => tx.settings.set(key(personId), JSON.stringify(pending)));
  return pending;
}

/** The person's announced evidence, if still fresh; taken, so a second file is not filed there too. */
export async function takePendingEvidence(
  deps: EngineDeps,
  personId: string,
): Promise<PendingEvidence | null> {
  const now = deps.clock();
  return deps.store.transaction(async (tx) => {
    const raw = await tx.settings.take(key(personId));
    if (raw === null) return null;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return null;
    }
    const parsed = pendingSchema.safeParse(value);
    return parsed.success && parsed.data.until >= now ? parsed.data : null;
  });
}
