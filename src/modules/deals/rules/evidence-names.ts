// Evidence items named loosely (issue 25 item 9): `证据 D25 竞品参数表` finds "竞品参数表（3家）". Pure.
import type { EvidenceRequirement, Stage } from './deal-rules.ts';

/**
 * An item name as people type it: NFKC (full-width → half-width), bracketed and parenthesised parts dropped
 * (（3家）, (≥2页), 【…】, […]), spaces and punctuation gone, lower case.
 */
export function itemKey(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】|〔[^〕]*〕|<[^>]*>|《[^》]*》/g, '')
    .replace(/[\s\p{P}\p{S}]/gu, '')
    .toLowerCase();
}

export type ItemMatch =
  | { kind: 'one'; requirement: EvidenceRequirement }
  /** Several items fit the word: ask which, listing them. */
  | { kind: 'many'; candidates: EvidenceRequirement[] }
  | { kind: 'none' };

const names = (r: EvidenceRequirement) => [r.id, r.label, ...(r.labelEn === undefined ? [] : [r.labelEn])];

/**
 * The stage's evidence item a word names: its number (1-based), id or label exactly; else the same once
 * normalised (itemKey); else the one item whose name starts with the word, or contains it, or that the word
 * starts with. Two or more at the best level found: ambiguous.
 */
export function findRequirement(stage: Stage, word: string): ItemMatch {
  const raw = word.trim();
  if (raw === '') return { kind: 'none' };
  const n = Number(raw);
  if (Number.isInteger(n) && n >= 1 && n <= stage.evidence.length)
    return { kind: 'one', requirement: stage.evidence[n - 1] as EvidenceRequirement };
  const lower = raw.toLowerCase();
  const exact = stage.evidence.filter((r) => names(r).some((x) => x.toLowerCase() === lower));
  if (exact.length > 0) return verdict(exact);
  const w = itemKey(raw);
  // One CJK character or two Latin letters say too little to name an item.
  if (w.length < (/^[\x20-\x7e]+$/.test(w) ? 3 : 2)) return { kind: 'none' };
  const levels: Array<(k: string) => boolean> = [
    (k) => k === w,
    (k) => k.startsWith(w),
    (k) => k.includes(w),
    (k) => k.length >= 2 && w.startsWith(k),
  ];
  for (const level of levels) {
    const found = stage.evidence.filter((r) => names(r).some((x) => level(itemKey(x))));
    if (found.length > 0) return verdict(found);
  }
  return { kind: 'none' };
}

function verdict(found: EvidenceRequirement[]): ItemMatch {
  return found.length === 1
    ? { kind: 'one', requirement: found[0] as EvidenceRequirement }
    : { kind: 'many', candidates: found };
}
