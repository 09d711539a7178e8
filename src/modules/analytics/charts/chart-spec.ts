// What a chart is, what drawing it gives back, and the one font it is drawn with: shared by render.ts (where a chart
// goes) and draw.ts (drawing it), so neither imports the other.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Spec } from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { CodedError } from '../../../kernel/errors.ts';

/** The family name inside the OTF below; specs name it in their `config.font`. */
export const CHART_FONT_FAMILY = 'Noto Sans Hans';

/**
 * Noto Sans Hans Regular (OTF, the GB2312 set: the ~6,800 common simplified characters plus Latin), from npm
 * `@embedpdf/fonts-sc` (42 MB unpacked for 5 weights; we load one, 8.4 MB). The smallest package found that
 * ships Chinese as OTF/TTF rather than woff2 only (see README, "Charts").
 */
// The package exports only its JS entry (dist/index.cjs); the fonts sit in fonts/ beside dist/.
export const CHART_FONT_FILE = join(
  dirname(dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-sc'))),
  'fonts',
  'NotoSansHans-Regular.otf',
);

/** A chart: a vega-lite spec, or a vega spec where vega-lite has no such mark (the radar). */
export type ChartSpec = { kind: 'vega-lite'; spec: TopLevelSpec } | { kind: 'vega'; spec: Spec };

export interface RenderOptions {
  /** Pixels per spec unit (2: sharp on phones). */
  scale?: number;
  /** The font file; null draws with no font at all (tests use it to see a render without the CJK font). */
  fontFile?: string | null;
  /** Also return the RGBA pixels (tests that look at regions of a chart); otherwise only the PNG. */
  pixels?: boolean;
}

export interface RenderedChart {
  png: Uint8Array;
  width: number;
  height: number;
  /**
   * RGBA, row by row, only when `RenderOptions.pixels` asked for them (tests that compare regions of two renders):
   * 3.7 MB a chart at 1280 × 720, copied and sent across threads for nothing otherwise.
   */
  pixels?: Uint8Array;
}

export class ChartError extends CodedError<'SPEC_INVALID' | 'RENDER_FAILED'> {}
