// Words shared by the commands of several modules (src/modules/*/commands.ts): record ids with their letter
// (`D12`, `T7`, `R5`, `W3`) and amounts as people type them (`30万`, `300k`). Pure: text in, values out.

/**
 * Digits → an id, or null past Number.MAX_SAFE_INTEGER: no record has such an id, and PostgreSQL refuses numbers
 * past its bigint (`claim 99999999999999999999` was a "something went wrong", issue 22).
 */
export function idOf(digits: string | undefined): number | null {
  const n = Number(digits);
  return digits !== undefined && /^\d+$/.test(digits) && Number.isSafeInteger(n) ? n : null;
}

/** The largest amount taken, in yuan (1万亿): more is a typing slip, and its cents would pass a bigint. */
export const MAX_AMOUNT = 1_000_000_000_000;

/** `123`, `#123`, `＃123` → 123 (a lead). */
export function leadIdOf(word: string | undefined): number | null {
  if (word === undefined) return null;
  const m = /^[#＃]?(\d+)$/.exec(word.normalize('NFKC'));
  return m === null ? null : idOf(m[1]);
}

/** `D12`, `d12`, `D-12`, `#12`, `12` → 12 (a deal). */
export function dealIdOf(word: string | undefined): number | null {
  if (word === undefined) return null;
  const m = /^(?:[dD][-#]?|[#＃])?(\d+)$/.exec(word.normalize('NFKC'));
  return m === null ? null : idOf(m[1]);
}

/** `T7`, `#7`, `7` with letter `t` → 7: a task (`T`), a request (`R`) or a KBI warning (`W`). */
export function letteredIdOf(word: string | undefined, letter: 'T' | 'R' | 'W'): number | null {
  const m = new RegExp(`^[${letter}${letter.toLowerCase()}#＃]?(\\d+)$`).exec((word ?? '').normalize('NFKC'));
  return m === null ? null : idOf(m[1]);
}

/** `300000`, `300,000`, `¥30万`, `30w`, `1.2亿`, `300k` → yuan; null when it is not an amount. */
export function parseAmount(word: string | undefined): number | null {
  if (word === undefined) return null;
  const m = /^[¥￥]?(\d+(?:,\d{3})*(?:\.\d+)?)(万|w|W|亿|k|K|元)?$/.exec(word.normalize('NFKC').trim());
  if (m === null) return null;
  const n = Number((m[1] as string).replace(/,/g, ''));
  const unit = m[2] ?? '';
  const factor =
    unit === '万' || unit === 'w' || unit === 'W'
      ? 10_000
      : unit === '亿'
        ? 100_000_000
        : unit === 'k' || unit === 'K'
          ? 1000
          : 1;
  const amount = Math.round(n * factor);
  return amount > 0 && amount <= MAX_AMOUNT ? amount : null;
}
