// The Chinese word segmenter behind smart tags (issue 24 item 4): jieba (@node-rs/jieba, prebuilt native binaries,
// its dictionary shipped in the package, so nothing is fetched at run time). The org's tags and their synonyms are
// added to the dictionary, so 医疗基建 or 储能电站 come back as one word.
import { createRequire } from 'node:module';
import type { Jieba } from '@node-rs/jieba';
import type { Segmenter, TagVocabulary } from './rules/tags.ts';

const require = createRequire(import.meta.url);
let base: Uint8Array | null = null;

/**
 * A segmenter that knows the org's words. Building one loads jieba and reads the 5 MB dictionary once per process:
 * when tags are first suggested for a lead, not at start (issue 23, item 6; the API is synchronous, hence require).
 */
export function jiebaSegmenter(vocabulary: TagVocabulary): Segmenter {
  const { Jieba: JiebaClass } = require('@node-rs/jieba') as { Jieba: typeof Jieba };
  base ??= (require('@node-rs/jieba/dict.js') as { dict: Uint8Array }).dict;
  const jieba = JiebaClass.withDict(base);
  const words = [...vocabulary.list, ...Object.values(vocabulary.synonyms).flat()]
    .map((w) => w.trim())
    // A dictionary line is `word freq`: a word with a space or a newline would break it.
    .filter((w) => w !== '' && !/\s/.test(w));
  if (words.length > 0) jieba.loadDict(new TextEncoder().encode(words.map((w) => `${w} 100000`).join('\n')));
  return (text) => jieba.cut(text, true);
}

const built = new WeakMap<TagVocabulary, Segmenter>();

/** One segmenter per tag list: the rules in force keep theirs; new rules (`rules apply`) build a new one. */
export function cachedJiebaSegmenter(vocabulary: TagVocabulary): Segmenter {
  let s = built.get(vocabulary);
  if (s === undefined) {
    s = jiebaSegmenter(vocabulary);
    built.set(vocabulary, s);
  }
  return s;
}
