// Vega's SVG text → outlines, drawn from the CJK font parsed once per process. resvg (resvg-js 2.6) re-reads and
// re-parses the whole font file for every glyph it draws: with an 8 MB CJK font that is ~3 ms a glyph, over a
// second for a chart with 20 labelled reps (measured here). opentype.js parses the OTF once (~0.7 s, at the first
// chart) and then lays a label out in well under a millisecond, so resvg only fills paths.
// Vega writes each label as `<text text-anchor=… transform=… font-size=… [font-weight=bold] fill=…>words</text>`
// with its baseline already in the transform; anything else (tspans) is left as text for resvg to draw.
import { readFile } from 'node:fs/promises';
import opentype, { type Font, type Glyph, type PathCommand } from 'opentype.js';

const fonts = new Map<string, Promise<Font>>();

/**
 * The font at `file`, parsed once per process. With `lowMemory` (issue 23, item 6) opentype.js reads a glyph when a
 * label first needs it: parsing all ~30 000 glyphs of the CJK font up front held ~115 MB of heap in the chart worker
 * for the few hundred characters charts draw (same outlines and widths either way; parsing is faster too).
 */
export function loadFont(file: string): Promise<Font> {
  let font = fonts.get(file);
  if (font === undefined) {
    font = readFile(file).then((b) =>
      opentype.parse(
        // A file this size has a buffer of its own: no copy needed (a copy held another 8 MB).
        b.byteOffset === 0 && b.byteLength === b.buffer.byteLength
          ? b.buffer
          : b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength),
        { lowMemory: true },
      ),
    );
    fonts.set(file, font);
    // A failed read is not cached: the next chart tries again.
    font.catch(() => fonts.delete(file));
  }
  return font;
}

const TEXT = /<text\b([^>]*)>([^<]*)<\/text>/g;
const ATTR = /([\w:-]+)="([^"]*)"/g;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** An SVG text node's entities (`&amp;`, `&#x4E2D;`) as characters. */
export function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (e.startsWith('#x') || e.startsWith('#X')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(Number(e.slice(1)));
    return ENTITIES[e] ?? m;
  });
}

const n = (v: number | undefined) => (Math.round((v ?? 0) * 100) / 100).toString();

/**
 * Path data with every number space-separated. (opentype.js's own toPathData runs numbers together, e.g.
 * "-1.400-1.40" for -1.40, 0, -1.40, which SVG parsers read differently and resvg stops at.)
 */
function pathData(commands: PathCommand[], dx = 0): string {
  const x = (v: number | undefined) => n((v ?? 0) + dx);
  return commands
    .map((c) => {
      switch (c.type) {
        case 'M':
        case 'L':
          return `${c.type}${x(c.x)} ${n(c.y)}`;
        case 'Q':
          return `Q${x(c.x1)} ${n(c.y1)} ${x(c.x)} ${n(c.y)}`;
        case 'C':
          return `C${x(c.x1)} ${n(c.y1)} ${x(c.x2)} ${n(c.y2)} ${x(c.x)} ${n(c.y)}`;
        case 'Z':
          return 'Z';
      }
    })
    .join('');
}

/** Each glyph's outline at a size, drawn at x = 0 once: labels repeat the same few hundred characters. */
type Placed = { commands: PathCommand[]; advance: number };
const glyphCache = new WeakMap<Font, Map<string, Placed>>();

function glyphAt(font: Font, glyph: Glyph, size: number): Placed {
  let cache = glyphCache.get(font);
  if (cache === undefined) {
    cache = new Map<string, Placed>();
    glyphCache.set(font, cache);
  }
  const key = `${glyph.index}@${size}`;
  let hit = cache.get(key);
  if (hit === undefined) {
    hit = {
      commands: glyph.getPath(0, 0, size).commands,
      advance: ((glyph.advanceWidth ?? 0) * size) / font.unitsPerEm,
    };
    cache.set(key, hit);
  }
  return hit;
}

/** A line of text as path data starting at (x, 0), and its width (no kerning: CJK fonts hardly kern). */
function layout(font: Font, text: string, size: number): { width: number; path: (x: number) => string } {
  const glyphs = font.stringToGlyphs(text).map((g) => glyphAt(font, g, size));
  const width = glyphs.reduce((w, g) => w + g.advance, 0);
  return {
    width,
    path: (x0) => {
      let x = x0;
      let d = '';
      for (const g of glyphs) {
        d += pathData(g.commands, x);
        x += g.advance;
      }
      return d;
    },
  };
}

/** The advance width of one line of text at `size` px, as textToPaths will draw it (cached: vega asks often). */
const widthCache = new WeakMap<Font, Map<string, number>>();
export function textWidth(font: Font, text: string, size: number): number {
  let cache = widthCache.get(font);
  if (cache === undefined) {
    cache = new Map<string, number>();
    widthCache.set(font, cache);
  }
  const key = `${size}|${text}`;
  let w = cache.get(key);
  if (w === undefined) {
    w = font.stringToGlyphs(text).reduce((sum, g) => sum + glyphAt(font, g, size).advance, 0);
    // Bounded: a chart has a few hundred strings; a long-running process must not grow without end.
    if (cache.size > 20_000) cache.clear();
    cache.set(key, w);
  }
  return w;
}

const escapeAttr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** Every plain `<text>` of `svg` as a `<path>` of the same place, size, anchor and colour. */
export function textToPaths(svg: string, font: Font): string {
  return svg.replace(TEXT, (_all, attrText: string, content: string) => {
    const attrs = new Map<string, string>();
    for (const [, k, v] of attrText.matchAll(ATTR)) if (k !== undefined && v !== undefined) attrs.set(k, v);
    const text = decode(content);
    if (text.trim() === '') return '';
    const size = parseFloat(attrs.get('font-size') ?? '11') || 11;
    const line = layout(font, text, size);
    const anchor = attrs.get('text-anchor') ?? 'start';
    const d = line.path(anchor === 'middle' ? -line.width / 2 : anchor === 'end' ? -line.width : 0);
    const fill = attrs.get('fill') ?? '#000';
    const keep = ['transform', 'opacity', 'fill-opacity'].flatMap((k) =>
      attrs.has(k) ? [`${k}="${escapeAttr(attrs.get(k) ?? '')}"`] : [],
    );
    // One regular weight is loaded: bold is drawn as the outline stroked in its own colour.
    const bold = /bold|[6-9]00/.test(attrs.get('font-weight') ?? '')
      ? [`stroke="${escapeAttr(fill)}"`, `stroke-width="${(size * 0.045).toFixed(2)}"`]
      : [];
    return `<path ${[...keep, `fill="${escapeAttr(fill)}"`, ...bold, `d="${d}"`].join(' ')}/>`;
  });
}
