// F1 loose matching (issue 24 item 3): a lead's words compared after trimming, full/half width and case, and an
// industry matched through the rules file's synonym list (医疗 ≈ 医疗基建 ≈ 医院). Pure: no I/O, no clock.
import type { LeadMatch } from '../../rules.ts';
import type { LeadFields } from '../../../kernel/types.ts';

/** Words longer than this are no category: compared by their first characters only (input is bounded first). */
const MAX_WORD = 200;

/**
 * Trim, full-width → half-width, inner spaces collapsed, lower case. NFKC is "Compatibility Decomposition, followed
 * by Canonical Composition" (https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/String/normalize):
 * its compatibility mappings turn full-width forms into their ASCII letters and digits (ＡＢＣ１ → ABC1, 　 → space).
 */
export function looseWord(s: string): string {
  return s.slice(0, MAX_WORD).normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Each synonym list's word → its group, built once per rules object (a replay scores thousands of leads). */
const GROUPS = new WeakMap<Record<string, string[]>, Map<string, string[]>>();

/** The synonym group a word belongs to: the listed name and its words, all loose; null when in none. */
function groupOf(word: string, synonyms: Record<string, string[]>): string[] | null {
  let index = GROUPS.get(synonyms);
  if (index === undefined) {
    index = new Map();
    for (const [name, words] of Object.entries(synonyms)) {
      const group = [name, ...words].map(looseWord);
      // A word in two groups counts in the first (the file's order).
      for (const w of group) if (!index.has(w)) index.set(w, group);
    }
    GROUPS.set(synonyms, index);
  }
  return index.get(word) ?? null;
}

export interface IndustryHit {
  /** The listed name (a key of the points table) the lead's industry counts as. */
  key: string;
  /** Set when it took a synonym: the lead's own word. */
  synonymOf?: string;
}

/**
 * The listed industry a lead's industry means: the same words exactly (as before synonyms existed), the same after
 * loosening, or one of its synonym group. The first synonym group the word is in decides.
 */
export function matchIndustry(
  industry: string,
  listed: readonly string[],
  synonyms: Record<string, string[]>,
): IndustryHit | null {
  const raw = industry.trim();
  if (raw === '') return null;
  if (listed.includes(raw)) return { key: raw };
  const word = looseWord(raw);
  const same = listed.find((k) => looseWord(k) === word);
  if (same !== undefined) return { key: same };
  const group = groupOf(word, synonyms);
  if (group === null) return null;
  const viaGroup = listed.find((k) => group.includes(looseWord(k)));
  return viaGroup === undefined ? null : { key: viaGroup, synonymOf: raw };
}

/** Whether two industry words mean the same: equal when loosened, or in one synonym group. */
export function sameIndustry(a: string, b: string, synonyms: Record<string, string[]>): boolean {
  const x = looseWord(a);
  const y = looseWord(b);
  if (x === '' || y === '') return false;
  return x === y || (groupOf(x, synonyms)?.includes(y) ?? false);
}

/** A lead matches when every field the condition names has one of its values (industry loosely, the rest loose). */
export function matchesLead(
  fields: LeadFields,
  match: LeadMatch,
  synonyms: Record<string, string[]>,
): boolean {
  const loose = (v: string, values: string[]) =>
    values.some((x) => looseWord(x) === looseWord(v) && v.trim() !== '');
  const checks = [
    match.industry === undefined || match.industry.some((x) => sameIndustry(fields.industry, x, synonyms)),
    match.region === undefined || loose(fields.region, match.region),
    match.source === undefined || loose(fields.source, match.source),
    match.tags === undefined || fields.tags.some((tag) => loose(tag, match.tags as string[])),
  ];
  return checks.every(Boolean);
}
