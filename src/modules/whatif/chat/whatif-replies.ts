// F39 in chat: `whatif FILE` / `规则预演 FILE` — a manager or admin tries a candidate rules file from the rules
// folder and gets the summary card with its warnings, a chart of leads per rep under both rules, and the CSV.
// Only that folder is ever read (no server path, no `..`, no symlink out of it).
import { tableFor } from '../../analytics/charts/csv-words.ts';
import { readFileSync, realpathSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';
import { ConfigError, parseRules } from '../../../config.ts';
import type { Rules } from '../../rules.ts';
import type { Person } from '../../../kernel/types.ts';
import { applyWindow, runWhatIf } from '../use-cases/whatif.ts';
import type { Reply } from '../../../kernel/card.ts';
import { t, type Locale, type MessageKey } from '../../i18n.ts';
import { CSV_HEADER, whatifCard, whatifCsvRows } from '../cards/whatif.ts';
import { csvText } from '../../analytics/charts/csv.ts';
import { renderChart } from '../../analytics/charts/render.ts';
import { whatifSpec } from '../../analytics/charts/specs.ts';
import type { ChatDeps } from '../../../conversation/context.ts';

const MAY_RUN: ReadonlySet<string> = new Set(['manager', 'admin']);
/** Changed leads explained in the chat's CSV (each explanation costs a routing replay's text). */
const CHAT_EXPLAINED = 200;

type Candidate =
  { kind: 'ok'; rules: Rules } | { kind: 'outside' | 'notFound' } | { kind: 'invalid'; problems: string[] };

/** Reads `name` only if it is a .yaml/.yml file inside `dir`, after following every link. */
export function readCandidateRules(dir: string, name: string): Candidate {
  let root: string;
  try {
    root = realpathSync(dir);
  } catch {
    return { kind: 'notFound' };
  }
  const inside = (p: string) => p.startsWith(root + sep);
  const ext = extname(name).toLowerCase();
  if (!inside(resolve(root, name)) || (ext !== '.yaml' && ext !== '.yml')) return { kind: 'outside' };
  let real: string;
  try {
    real = realpathSync(resolve(root, name));
  } catch {
    return { kind: 'notFound' };
  }
  if (!inside(real)) return { kind: 'outside' };
  try {
    return { kind: 'ok', rules: parseRules(readFileSync(real, 'utf8')) };
  } catch (err) {
    if (err instanceof ConfigError) return { kind: 'invalid', problems: err.problems };
    return { kind: 'notFound' };
  }
}

export async function whatifReplies(
  deps: ChatDeps,
  actor: Person,
  file: string | null,
  locale: Locale,
): Promise<Reply[]> {
  const dir = deps.rulesDir ?? resolve('config');
  const say = (
    key: MessageKey,
    vars: Record<string, string> = {},
    level: 'info' | 'yellow' = 'yellow',
  ): Reply[] => [{ mode: 'ephemeral', card: { title: t(locale, key, { dir, ...vars }), level } }];
  if (!MAY_RUN.has(actor.role)) return say('whatif.chat.forbidden');
  if (file === null) return say('whatif.chat.usage', {}, 'info');
  const candidate = readCandidateRules(dir, file);
  if (candidate.kind === 'invalid')
    return say('whatif.chat.invalid', { file, problems: candidate.problems.join('; ') });
  if (candidate.kind !== 'ok') return say(`whatif.chat.${candidate.kind}`, { file });
  const r = await runWhatIf(deps.engine, candidate.rules, {
    ...applyWindow(deps.engine),
    explainChanged: CHAT_EXPLAINED,
  });
  const names = { people: r.people, teamsById: r.teamsById, timezone: r.timezone };
  const card = whatifCard(r, file, locale, names);
  // The chart: leads per rep under both rules; the CSV: every team and rep, and the changed leads with both
  // explanations (the first CHAT_EXPLAINED of them; `leadline whatif FILE --csv` lists all).
  const chart = await renderChart(
    whatifSpec(
      { reps: r.reps.map((x) => ({ name: x.name, old: x.old.received, new: x.new.received })) },
      locale,
    ),
  );
  const table = tableFor({ header: CSV_HEADER, rows: whatifCsvRows(r, locale, names) }, locale);
  const csv = csvText(table);
  return [
    {
      mode: 'ephemeral',
      card: {
        ...card,
        image: { png: chart.png, alt: t(locale, 'chart.whatif.title') },
        file: {
          name: `whatif-${file.replace(/[^\w.-]+/g, '_')}.csv`,
          mime: 'text/csv; charset=utf-8',
          bytes: new Uint8Array(Buffer.from(csv, 'utf8')),
          table,
        },
      },
    },
  ];
}
