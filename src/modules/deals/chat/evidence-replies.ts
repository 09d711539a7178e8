// Evidence for a deal's stage (F12): typed (`evidence D12 note TEXT`), a file with its caption, or a file sent
// right after `证据 D12` on messengers that send no caption with a picture.
import type { EvidenceProblem } from '../rules/deals.ts';
import type { EvidenceKind, Stage } from '../rules/deal-rules.ts';
import type { Person } from '../../../kernel/types.ts';
import { addEvidence, mayAddEvidence, type EvidenceResult } from '../use-cases/add-evidence.ts';
import { dealView } from '../use-cases/deal-view.ts';
import type { Reply } from '../../../kernel/card.ts';
import { t, type Locale } from '../../i18n.ts';
import { PDF_LIMITS } from '../../../media/pdf-pages.ts';
import { MAX_PHOTO_PIXELS } from '../../../media/photo.ts';
import { requirementLabel, stageName } from '../cards/deal-card.ts';
import type { ChatDeps } from '../../../conversation/context.ts';
import { note } from '../../../conversation/note.ts';
import {
  PENDING_EVIDENCE_MS,
  rememberPendingEvidence,
  takePendingEvidence,
} from '../use-cases/pending-evidence.ts';

const NOTE_WORDS = new Map<string, EvidenceKind>([
  ['note', 'note'],
  ['备注', 'note'],
  ['笔记', 'note'],
  ['纪要', 'note'],
  ['link', 'link'],
  ['链接', 'link'],
]);

/** `evidence D12 [item|note|link] [text]`: the item named, a note or link, or the file coming next. */
export async function evidenceCommandReplies(
  deps: ChatDeps,
  actor: Person,
  command: { dealId: number; type: string | null; text: string },
  locale: Locale,
): Promise<Reply[]> {
  const word = command.type;
  const kind = word === null ? undefined : NOTE_WORDS.get(word.toLowerCase());
  const text = kind === undefined && word !== null && command.text === '' ? word : command.text;
  const requirement = kind === undefined ? word : null;
  const asKind: EvidenceKind = kind ?? (/^https?:\/\//i.test(text) ? 'link' : 'note');
  // `evidence D1 some words` with no item named: the words are the note, for the first missing note.
  const view = await dealView(deps.engine, command.dealId);
  // Nothing attached and no words: the photo or file comes as the next message (WeCom, DingTalk).
  const fileItem =
    word === null ||
    (kind === undefined &&
      view?.stage.evidence.some(
        (r) => (r.kind === 'photo' || r.kind === 'file') && matchesRequirement(r, word),
      ) === true);
  if (
    command.text === '' &&
    fileItem &&
    view !== null &&
    view.deal.ownerId === actor.id &&
    view.deal.status === 'open'
  )
    return awaitEvidenceFile(deps, actor, command.dealId, word, view.stage, locale);
  const named =
    requirement !== null &&
    view !== null &&
    view.stage.evidence.some((r) => matchesRequirement(r, requirement));
  const r = await addEvidence(deps.engine, {
    personId: actor.id,
    dealId: command.dealId,
    requirement: named ? requirement : null,
    kind: asKind,
    text: named || kind !== undefined ? text : [word ?? '', command.text].filter(Boolean).join(' '),
  });
  return evidenceReplies(deps, r, command.dealId, locale, requirement ?? '');
}

export function matchesRequirement(
  r: { id: string; label: string; labelEn?: string },
  word: string,
): boolean {
  const w = word.toLowerCase();
  return r.id.toLowerCase() === w || r.label === word || r.labelEn?.toLowerCase() === w || /^\d+$/.test(word);
}

function problemText(p: EvidenceProblem, locale: Locale, dealId: number, req: string): string {
  if (p.code === 'UNSAFE_FILE')
    return t(locale, `evidence.problem.UNSAFE_FILE.${p.refusal}`, {
      maxPages: PDF_LIMITS.maxPages,
      megapixels: MAX_PHOTO_PIXELS / 1_000_000,
      mime: p.mime,
    });
  const vars: Record<string, string | number> = { id: dealId, req };
  if ('mime' in p) vars.mime = p.mime;
  if ('customer' in p) vars.customer = p.customer;
  if ('minPages' in p) vars.minPages = p.minPages;
  if ('pages' in p) vars.pages = p.pages;
  return t(locale, `evidence.problem.${p.code}`, vars);
}

export function evidenceReplies(
  deps: ChatDeps,
  r: EvidenceResult,
  dealId: number,
  locale: Locale,
  word: string,
): Reply[] {
  if (r.kind === 'rejected') {
    if (r.reason === 'NO_REQUIREMENT')
      return [
        note(
          locale,
          'deal.refuse.NO_REQUIREMENT',
          {
            stage: stageName(r.stage, locale),
            word,
            list: r.stage.evidence
              .map((e, i) => `${i + 1}. ${requirementLabel(e, locale)} (${e.id})`)
              .join(', '),
          },
          'yellow',
        ),
      ];
    return [note(locale, `deal.refuse.${r.reason}`, { id: dealId }, 'yellow')];
  }
  if (r.kind === 'refused') {
    const label = requirementLabel(r.requirement, locale);
    return [
      {
        mode: 'ephemeral',
        card: {
          title: t(locale, 'evidence.refused.title', { label }),
          body: [
            ...r.problems.map((p) => `• ${problemText(p, locale, dealId, r.requirement.id)}`),
            t(locale, 'evidence.refused.hint'),
          ].join('\n'),
          level: 'yellow',
        },
      },
    ];
  }
  const stage = stageName(r.view.stage, locale);
  const lines = [t(locale, 'evidence.added', { id: dealId, label: requirementLabel(r.requirement, locale) })];
  if (r.doubtCleared) lines.push(t(locale, 'evidence.doubtCleared'));
  if (r.complete) lines.push(t(locale, 'evidence.complete', { id: dealId, stage }));
  const replies: Reply[] = [{ mode: 'ephemeral', card: { title: lines.join(' '), level: 'green' } }];
  for (const risk of r.risks)
    replies.push(
      note(
        locale,
        'risk.reply',
        { phrase: risk.phrase, response: locale === 'en' ? risk.responseEn : risk.response },
        'yellow',
      ),
    );
  return replies;
}

/**
 * Before a file is downloaded (issue 22): the refusal when its caption names a deal this person may not add to,
 * else null. Nothing of the file is fetched or kept for a refused upload.
 */
export async function evidenceUploadRefusal(
  deps: ChatDeps,
  actor: Person,
  dealId: number,
  locale: Locale,
): Promise<Reply[] | null> {
  const r = await mayAddEvidence(deps.engine, actor.id, dealId);
  return r.kind === 'open' ? null : [note(locale, `deal.refuse.${r.reason}`, { id: dealId }, 'yellow')];
}

/** A file sent in chat with `evidence D12 [item]` as its caption (Slack upload, playground). */
export async function evidenceFileReplies(
  deps: ChatDeps,
  actor: Person,
  dealId: number,
  requirement: string | null,
  file: { name: string; bytes: Uint8Array; mime?: string },
  locale: Locale,
): Promise<Reply[]> {
  // Photo or document is decided by the engine from the bytes.
  const r = await addEvidence(deps.engine, {
    personId: actor.id,
    dealId,
    requirement,
    kind: 'file',
    text: '',
    file: { name: file.name, bytes: file.bytes },
  });
  return evidenceReplies(deps, r, dealId, locale, requirement ?? '');
}

/** `证据 D12 [item]` with nothing attached: the next file this person sends without a caption goes to D12. */
async function awaitEvidenceFile(
  deps: ChatDeps,
  actor: Person,
  dealId: number,
  requirement: string | null,
  stage: Stage,
  locale: Locale,
): Promise<Reply[]> {
  await rememberPendingEvidence(deps.engine, actor.id, dealId, requirement);
  const item =
    requirement === null ? undefined : stage.evidence.find((r) => matchesRequirement(r, requirement));
  const req =
    item === undefined ? '' : t(locale, 'evidence.sendNow.req', { label: requirementLabel(item, locale) });
  return [
    note(locale, 'evidence.sendNow', { id: dealId, req, minutes: PENDING_EVIDENCE_MS / 60_000 }, 'info'),
  ];
}

/** A file sent without a caption: for the deal the person announced just before, if any. */
export async function pendingEvidenceFileReplies(
  deps: ChatDeps,
  actor: Person,
  file: { name: string; bytes: Uint8Array; mime?: string },
  locale: Locale,
): Promise<Reply[] | null> {
  const pending = await takePendingEvidence(deps.engine, actor.id);
  if (pending === null) return null;
  return evidenceFileReplies(deps, actor, pending.dealId, pending.requirement, file, locale);
}
