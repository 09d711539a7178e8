// F39 in chat: `whatif FILE` / `规则预演 FILE` — a manager or admin tries a candidate rules file from the rules
// folder and gets the summary card with its warnings. Only that folder is ever read (no server path, no `..`, no
// symlink out of it); the CSV stays on the server (`leadline whatif FILE --csv`).
import { readFileSync, realpathSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';
import { ConfigError, parseRules } from '../config.ts';
import type { Rules } from '../domain/rules.ts';
import type { Person } from '../domain/types.ts';
import { applyWindow, runWhatIf } from '../engine/whatif.ts';
import type { Reply } from '../messages/card.ts';
import { t, type Locale } from '../messages/catalog.ts';
import { whatifCard } from '../messages/whatif.ts';
import type { ChatDeps } from './conversation.ts';

const MAY_RUN: ReadonlySet<string> = new Set(['manager', 'admin']);

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
    key: string,
    vars: Record<string, string> = {},
    level: 'info' | 'yellow' = 'yellow',
  ): Reply[] => [{ mode: 'ephemeral', card: { title: t(locale, key, { dir, ...vars }), level } }];
  if (!MAY_RUN.has(actor.role)) return say('whatif.chat.forbidden');
  if (file === null) return say('whatif.chat.usage', {}, 'info');
  const candidate = readCandidateRules(dir, file);
  if (candidate.kind === 'invalid')
    return say('whatif.chat.invalid', { file, problems: candidate.problems.join('; ') });
  if (candidate.kind !== 'ok') return say(`whatif.chat.${candidate.kind}`, { file });
  const r = await runWhatIf(deps.engine, candidate.rules, { ...applyWindow(deps.engine), explainChanged: 0 });
  const names = { people: r.people, teamsById: r.teamsById, timezone: r.timezone };
  return [{ mode: 'ephemeral', card: whatifCard(r, file, locale, names) }];
}
