// Smart tags (issue 24 item 4): the org's tags suggested from a lead's free text. Pure: the word segmenter (a
// Chinese word-segmentation library in production) is passed in, so the rule does no I/O.
//
// A word of the text is matched to a tag in three ways, most sure first:
//   exact    — the word is the tag (汽车 → 汽车), or the text holds the tag verbatim        confidence 1.0
//   synonym  — the word is one the rules file lists for the tag (医院 → 医疗基建)            confidence 0.9
//   contains — the word holds a tag or a synonym (新能源汽车 → 新能源, 汽车)                 confidence 0.8
//   part     — the word (2+ characters) is part of a longer tag (医疗 ⊂ 医疗基建), a guess  confidence 0.5
// Tags at or above `applyAt` are put on the lead at intake; the rest are shown as suggestions.

export type TagField = 'company' | 'industry' | 'need';
export type TagMatch = 'exact' | 'synonym' | 'contains' | 'part';

export interface TagVocabulary {
  list: readonly string[];
  synonyms: Readonly<Record<string, readonly string[]>>;
  /** Confidence at or above which a tag is applied without asking; default 0.8. */
  applyAt?: number;
}

export interface TagSuggestion {
  tag: string;
  confidence: number;
  /** The field the best match came from, e.g. `company`: stored as `suggested:company`. */
  field: TagField;
  /** The word of the text that matched. */
  word: string;
  match: TagMatch;
}

export type Segmenter = (text: string) => string[];

const CONFIDENCE: Record<TagMatch, number> = { exact: 1, synonym: 0.9, contains: 0.8, part: 0.5 };
export const DEFAULT_APPLY_AT = 0.8;
/** Text longer than this is cut before segmenting: a lead's need is bounded at intake, this bounds the rule. */
const MAX_TEXT = 4000;
const FIELDS: readonly TagField[] = ['company', 'industry', 'need'];

const fold = (s: string) => s.normalize('NFKC').toLowerCase().trim();
const hasLetter = /[\p{L}\p{N}]/u;
const isAscii = (s: string) => /^[\x20-\x7e]+$/.test(s);

/** Every tag the text suggests, best first, one entry per tag (its best match). */
export function suggestTags(
  fields: Partial<Record<TagField, string>>,
  segment: Segmenter,
  vocabulary: TagVocabulary,
): TagSuggestion[] {
  const byWord = new Map<string, { tag: string; match: TagMatch }[]>();
  const add = (word: string, tag: string, match: TagMatch) => {
    const key = fold(word);
    if (key === '') return;
    byWord.set(key, [...(byWord.get(key) ?? []), { tag, match }]);
  };
  for (const tag of vocabulary.list) add(tag, tag, 'exact');
  for (const [tag, words] of Object.entries(vocabulary.synonyms)) {
    if (!vocabulary.list.includes(tag)) continue;
    for (const w of words) add(w, tag, 'synonym');
  }

  const best = new Map<string, TagSuggestion>();
  const offer = (tag: string, match: TagMatch, field: TagField, word: string) => {
    const confidence = CONFIDENCE[match];
    const had = best.get(tag);
    if (had === undefined || had.confidence < confidence)
      best.set(tag, { tag, confidence, field, word, match });
  };

  for (const field of FIELDS) {
    const text = (fields[field] ?? '').slice(0, MAX_TEXT);
    if (text.trim() === '') continue;
    const words = segment(text)
      .map(fold)
      .filter((w) => hasLetter.test(w));
    for (const word of words) {
      for (const m of byWord.get(word) ?? []) offer(m.tag, m.match, field, word);
      if ([...word].length < 2) continue;
      for (const [key, matches] of byWord) {
        if (key === word) continue;
        // An ASCII key inside a word must stand alone (`ev` is not in `development`).
        if (word.includes(key) && (!isAscii(key) || asciiWordIn(word, key)))
          for (const m of matches) offer(m.tag, 'contains', field, word);
        else if (key.includes(word) && !isAscii(word))
          for (const m of matches) if (m.match === 'exact') offer(m.tag, 'part', field, word);
      }
    }
  }
  return [...best.values()].sort((a, b) => b.confidence - a.confidence || a.tag.localeCompare(b.tag));
}

/** The suggestions confident enough to apply at intake, minus the tags the lead already has. */
export function tagsToApply(
  suggestions: readonly TagSuggestion[],
  existing: readonly string[],
  vocabulary: TagVocabulary,
): TagSuggestion[] {
  const at = vocabulary.applyAt ?? DEFAULT_APPLY_AT;
  return suggestions.filter((s) => s.confidence >= at && !existing.includes(s.tag));
}

/** `suggested:company`: how an applied tag's source is stored. */
export const tagSource = (s: TagSuggestion) => `suggested:${s.field}`;

function asciiWordIn(word: string, key: string): boolean {
  let from = word.indexOf(key);
  while (from >= 0) {
    const before = word[from - 1] ?? ' ';
    const after = word[from + key.length] ?? ' ';
    if (!/[a-z0-9]/.test(before) && !/[a-z0-9]/.test(after)) return true;
    from = word.indexOf(key, from + 1);
  }
  return false;
}
