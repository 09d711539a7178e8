// Renders an authenticity result (src/modules/reports/rules/authenticity.ts) into words: per flag, what it compared and the
// confirm-or-correct question to the rep.
import type { AuthenticityFlag, AuthenticityResult, FlagVars } from '../rules/authenticity.ts';
import { t, type Locale } from '../../i18n.ts';

export interface RenderedFlag {
  kind: AuthenticityFlag['kind'];
  visitId: string | null;
  points: number;
  /** What was compared, with the numbers: for the rep and the manager. */
  explain: string;
  /** The question to the rep: confirm or correct. */
  ask: string;
}

function varsFor(
  vars: FlagVars,
  locale: Locale,
  repName: (id: string) => string,
): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(vars)) out[k] = typeof v === 'object' ? v[locale] : v;
  if (typeof vars.matchRep === 'string') out.matchRep = repName(vars.matchRep);
  return out;
}

export function renderFlag(
  flag: AuthenticityFlag,
  locale: Locale,
  repName: (id: string) => string = (id) => id,
): RenderedFlag {
  const vars = varsFor(flag.vars, locale, repName);
  return {
    kind: flag.kind,
    visitId: flag.visitId,
    points: flag.points,
    explain: t(locale, `authenticity.explain.${flag.kind}`, vars),
    ask: t(locale, `authenticity.ask.${flag.kind}`, vars),
  };
}

/** The score line, then either "nothing to check" or one question per flag. */
export function renderAuthenticity(
  result: AuthenticityResult,
  locale: Locale,
  repName: (id: string) => string = (id) => id,
): { header: string; lines: string[] } {
  const header = t(locale, 'authenticity.score', { score: result.score });
  if (result.flags.length === 0) return { header, lines: [t(locale, 'authenticity.allClear')] };
  return {
    header,
    lines: [
      t(locale, 'authenticity.confirm'),
      ...result.flags.map((f) => renderFlag(f, locale, repName).ask),
    ],
  };
}
