// Evidence for a deal's stage (F12): typed (`evidence D12 note TEXT`), a file with its caption, or a file sent
// right after `证据 D12` on messengers that send no caption with a picture.
import type { EvidenceProblem } from '../rules/deals.ts';
import type { FoundType } from '../rules/file-types.ts';
import type { EvidenceKind, EvidenceRequirement, Stage } from '../rules/deal-rules.ts';
import type { Person } from '../../../kernel/types.ts';
import { findRequirement } from '../rules/evidence-names.ts';
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

/** `evidence D12 [item|note|link] [text]`: the item named (loosely), a note or link, or the file coming next. */
export async function evidenceCommandReplies(
  deps: ChatDeps,
  actor: Person,
  command: { dealId: number; type: string | null; text: string },
  locale: Locale,
): Promise<Reply[]> {
  const word = command.type;
  const kind = word === null ? undefined : NOTE_WORDS.get(word.toLowerCase());
  const view = await dealView(deps.engine, command.dealId);
  const match =
    word === null || kind !== undefined || view === null ? null : findRequirement(view.stage, word);
  if (match?.kind === 'many' && view !== null)
    return evidenceReplies(
      deps,
      { kind: 'rejected', reason: 'AMBIGUOUS', stage: view.stage, candidates: match.candidates },
      command.dealId,
      locale,
      word ?? '',
    );
  const item = match?.kind === 'one' ? match.requirement : null;
  // A lone word that names no item is not taken for a note (it would land under another item): ask which.
  if (match?.kind === 'none' && command.text === '' && view !== null && looksLikeAName(word ?? ''))
    return evidenceReplies(
      deps,
      { kind: 'rejected', reason: 'NO_REQUIREMENT', stage: view.stage },
      command.dealId,
      locale,
      word ?? '',
    );
  // Nothing attached and no words: the photo or file comes as the next message (WeCom, DingTalk).
  const fileItem = word === null || (item !== null && (item.kind === 'photo' || item.kind === 'file'));
  if (
    command.text === '' &&
    fileItem &&
    view !== null &&
    view.deal.ownerId === actor.id &&
    view.deal.status === 'open'
  )
    return awaitEvidenceFile(deps, actor, command.dealId, item?.id ?? null, view.stage, locale);
  // The text is what the person wrote: the item's name is not part of it (nor matched for risk phrases).
  const text =
    item !== null || kind !== undefined ? command.text : [word ?? '', command.text].filter(Boolean).join(' ');
  const asKind: EvidenceKind = kind ?? (/^https?:\/\//i.test(text) ? 'link' : 'note');
  const r = await addEvidence(deps.engine, {
    personId: actor.id,
    dealId: command.dealId,
    requirement: item?.id ?? null,
    kind: asKind,
    text,
  });
  return evidenceReplies(deps, r, command.dealId, locale, word ?? '');
}

/** One short word (an item's name, mistyped), not a sentence. */
function looksLikeAName(word: string): boolean {
  const w = word.normalize('NFKC').trim();
  return !/^https?:\/\//i.test(w) && [...w].length <= 12;
}

/** "a plain text file" / "一个纯文本文件": what a file was found to be, never "unknown". */
export function foundTypeText(found: FoundType, locale: Locale): string {
  if (found.type === 'image') return t(locale, 'evidence.type.image', { format: found.format });
  if (found.type === 'other') return t(locale, 'evidence.type.other', { mime: found.mime });
  return t(locale, `evidence.type.${found.type}`);
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
  if ('found' in p) vars.found = foundTypeText(p.found, locale);
  if ('extension' in p) vars.extension = p.extension;
  if (p.code === 'DUPLICATE_FILE')
    vars.label = p.item === null ? p.requirement : requirementLabel(p.item, locale);
  if ('customer' in p) vars.customer = p.customer;
  if (p.code === 'PHOTO_REUSED') {
    Object.assign(vars, {
      who: p.who,
      when: p.when,
      distance: p.distance,
      maxDistance: p.maxDistance,
      matchDeal: p.dealId ?? '',
      reportDate: p.reportDate ?? '',
    });
    return t(locale, `evidence.problem.PHOTO_REUSED.${p.source}`, vars);
  }
  if ('minPages' in p) vars.minPages = p.minPages;
  if ('pages' in p) vars.pages = p.pages;
  return t(locale, `evidence.problem.${p.code}`, vars);
}

/**
 * "Competitor parameter tables (3) (competitorTables)": in English the item with the id that always finds it. In
 * Chinese the label alone (issue 21: no English ids in Chinese replies); the full label, or its number in the
 * stage's list, finds it as surely.
 */
function itemWithId(e: EvidenceRequirement, locale: Locale): string {
  return locale === 'en' ? `${requirementLabel(e, locale)} (${e.id})` : requirementLabel(e, locale);
}

export function evidenceReplies(
  deps: ChatDeps,
  r: EvidenceResult,
  dealId: number,
  locale: Locale,
  word: string,
): Reply[] {
  if (r.kind === 'rejected') {
    if (r.reason === 'AMBIGUOUS')
      return [
        note(
          locale,
          'deal.refuse.AMBIGUOUS',
          {
            id: dealId,
            word,
            list: r.candidates.map((e) => itemWithId(e, locale)).join(locale === 'en' ? ', ' : '、'),
          },
          'yellow',
        ),
      ];
    if (r.reason === 'NO_REQUIREMENT')
      return [
        note(
          locale,
          'deal.refuse.NO_REQUIREMENT',
          {
            id: dealId,
            stage: stageName(r.stage, locale),
            word,
            list: r.stage.evidence
              .map((e, i) => `${i + 1}. ${itemWithId(e, locale)}`)
              .join(locale === 'en' ? ', ' : '；'),
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
  if (r.complete && !r.won) lines.push(t(locale, 'evidence.complete', { id: dealId, stage }));
  const replies: Reply[] = [{ mode: 'ephemeral', card: { title: lines.join(' '), level: 'green' } }];
  if (r.won) replies.push(note(locale, 'advance.won', { id: dealId, customer: r.view.deal.customer }, 'win'));
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
  const found = requirement === null ? null : findRequirement(stage, requirement);
  const item = found?.kind === 'one' ? found.requirement : undefined;
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

/**
 * The evidence page's files (issue 20, the way in for files on WeCom): each file one evidence item under the
 * chosen requirement, its type read from its bytes by the same use case as a file sent in chat; a typed text
 * beside them is added as a note or link.
 */
export async function evidenceFormFilesReplies(
  deps: ChatDeps,
  actor: Person,
  values: Record<string, string>,
  files: ReadonlyArray<{ name: string; bytes: Uint8Array }>,
  context: string | undefined,
  locale: Locale,
): Promise<Reply[]> {
  const dealId = Number(context);
  const requirement =
    values.requirement === undefined || values.requirement === '' ? null : values.requirement;
  const replies: Reply[] = [];
  for (const file of files)
    replies.push(...(await evidenceFileReplies(deps, actor, dealId, requirement, file, locale)));
  const text = (values.text ?? '').trim();
  if (text !== '') {
    const r = await addEvidence(deps.engine, {
      personId: actor.id,
      dealId,
      requirement,
      kind: /^https?:\/\//i.test(text) ? 'link' : 'note',
      text,
    });
    replies.push(...evidenceReplies(deps, r, dealId, locale, requirement ?? ''));
  }
  return replies;
}
