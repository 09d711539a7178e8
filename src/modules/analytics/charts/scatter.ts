// The attribution scatter's geometry: its fitted line, its axis domain and where its name labels go (names at one
// point grouped, labels kept inside the plot). Pure.
import { t, type Locale } from '../../i18n.ts';
import { CHART_HEIGHT, CHART_WIDTH } from './theme.ts';

/** Least-squares line through the points; null with fewer than 2 distinct x values. */
export function fitLine(
  points: Array<{ x: number; y: number }>,
): { slope: number; intercept: number } | null {
  const n = points.length;
  if (n < 2) return null;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  if (sxx === 0) return null;
  const slope = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / sxx;
  return { slope, intercept: my - slope * mx };
}

/** Roughly how wide a label is drawn at 11 px (CJK a full em, Latin about half): for grouping, generous. */
export function labelWidthEstimate(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? 11.5 : 7;
  return w;
}

/** A domain around the values with room for the labels, inside 0–100 (both axes are percentages). */
export function percentDomain(values: readonly number[]): [number, number] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = Math.max(5, (hi - lo) * 0.1);
  return [Math.max(0, Math.floor((lo - pad) / 5) * 5), Math.min(100, Math.ceil((hi + pad) / 5) * 5)];
}

export interface ScatterLabel {
  x: number;
  y: number;
  text: string;
  align: 'left' | 'center' | 'right';
  below: boolean;
}

/**
 * One label per group of points whose names would overlap ("张伟、李敏 +10" for twelve reps at one point), placed
 * beside its first point: right of it near the left edge, left of it near the right edge, under it near the top.
 * Positions are estimated on the plot's likely size (640 × 360 less axes); the layout test checks the result.
 */
export function scatterLabels(
  points: ReadonlyArray<{ name: string; x: number; y: number }>,
  xDomain: [number, number],
  yDomain: [number, number],
  locale: Locale,
): ScatterLabel[] {
  const plotW = CHART_WIDTH - 100;
  const plotH = CHART_HEIGHT - 110;
  const px = (x: number) => ((x - xDomain[0]) / (xDomain[1] - xDomain[0] || 1)) * plotW;
  const py = (y: number) => plotH - ((y - yDomain[0]) / (yDomain[1] - yDomain[0] || 1)) * plotH;
  const sep = locale === 'en' ? ', ' : '、';
  const textOf = (names: string[]) =>
    names.length <= 2
      ? names.join(sep)
      : t(locale, 'chart.attribution.more', { names: names.slice(0, 2).join(sep), more: names.length - 2 });
  const place = (names: string[], p: { x: number; y: number }) => {
    const text = textOf(names);
    const w = labelWidthEstimate(text);
    const cx = px(p.x);
    const cy = py(p.y);
    const align: ScatterLabel['align'] = cx < plotW * 0.25 ? 'left' : cx > plotW * 0.75 ? 'right' : 'center';
    const below = cy < 30;
    const x0 = align === 'left' ? cx - 2 : align === 'right' ? cx - w + 2 : cx - w / 2;
    const y0 = below ? cy + 6 : cy - 24;
    return { text, align, below, box: { x0: x0 - 3, x1: x0 + w + 3, y0, y1: y0 + 18 } };
  };
  // Highest first: the top of a crowd carries its label.
  let groups = [...points].sort((a, b) => b.y - a.y || a.x - b.x).map((p) => ({ at: p, names: [p.name] }));
  // Merge any two groups whose labels (or a label and the other's point) collide, until none do; at most n rounds.
  for (let round = 0; round < points.length; round++) {
    const placed = groups.map((g) => ({ g, ...place(g.names, g.at) }));
    let merged = false;
    outer: for (let i = 0; i < placed.length; i++)
      for (let j = i + 1; j < placed.length; j++) {
        const a = placed[i];
        const b = placed[j];
        if (a === undefined || b === undefined) continue;
        const hit =
          Math.min(a.box.x1, b.box.x1) > Math.max(a.box.x0, b.box.x0) &&
          Math.min(a.box.y1, b.box.y1) > Math.max(a.box.y0, b.box.y0);
        if (hit) {
          a.g.names.push(...b.g.names);
          groups = groups.filter((g) => g !== b.g);
          merged = true;
          break outer;
        }
      }
    if (!merged) break;
  }
  return groups.map((g) => {
    const { text, align, below } = place(g.names, g.at);
    return { x: g.at.x, y: g.at.y, text, align, below };
  });
}
