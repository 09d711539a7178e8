// Which deal each sentence of a daily report's summary is about (issue 25 item 11): the summary is what the rep
// wrote about the day's customers, so its risk phrases belong to the deals it names. Pure.
import { customerKey, nameCarriesCustomer } from '../../deals/rules/deals.ts';

export interface SummaryDeal {
  id: number;
  customer: string;
}

const DEAL_NUMBER = /(?<![a-z0-9])d(\d{1,9})(?![0-9])/g;
const SENTENCE_END = /(?<=[。！？!?；;\n])|(?<=\.\s)/u;

/**
 * The summary's sentences grouped by the deal they name (its number `D12`, or its customer's name as a file name
 * would carry it: without 有限公司, four characters of a Chinese name in a row). A sentence naming no deal
 * belongs to the day's only deal when there is exactly one; with several it is left out (whose it cannot tell).
 */
export function summaryByDeal(summary: string, deals: readonly SummaryDeal[]): Map<number, string> {
  const out = new Map<number, string[]>();
  const add = (id: number, s: string) => out.set(id, [...(out.get(id) ?? []), s]);
  for (const raw of summary.split(SENTENCE_END)) {
    const sentence = raw.trim();
    if (sentence === '') continue;
    const plain = sentence.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
    const numbers = new Set([...plain.matchAll(DEAL_NUMBER)].map((m) => Number(m[1])));
    const named = deals.filter((d) => {
      if (numbers.has(d.id)) return true;
      const key = customerKey(d.customer);
      return key.length >= 2 && nameCarriesCustomer(plain, key);
    });
    if (named.length > 0) for (const d of named) add(d.id, sentence);
    else if (deals.length === 1) add((deals[0] as SummaryDeal).id, sentence);
  }
  return new Map([...out].map(([id, parts]) => [id, parts.join(' ')]));
}
