// Where each label of a chart lands, measured as it is drawn: vega's SVG (before text-to-path.ts turns the labels
// into outlines) gives each `<text>` its place through the nested group translations and its own transform; the
// width comes from the same font and the same advance widths text-to-path.ts draws with. Used by the layout test
// (no two labels overlap, none leaves the canvas) and by the screenshots in the issue notes.
import type { Font } from 'opentype.js';
import { decode, textWidth } from './text-to-path.ts';

export interface TextBox {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

// Noto Sans CJK's ideographic em box: 0.88 em above the baseline, 0.12 em below (its typo metrics).
const ASCENT = 0.88;
const DESCENT = 0.12;

const TAG = /<(\/?)(g|text)\b([^>]*?)(\/?)>([^<]*)/g;
const ATTR = /([\w:-]+)="([^"]*)"/g;
function attrsOf(text: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const [, k, v] of text.matchAll(ATTR)) if (k !== undefined && v !== undefined) attrs.set(k, v);
  return attrs;
}

/** `translate(x,y) rotate(a)` as its parts (vega writes no other transforms). */
function transformOf(value: string | undefined): { x: number; y: number; rotate: number } {
  const tr = /translate\(\s*(-?[\d.e-]+)[ ,]+(-?[\d.e-]+)\s*\)/.exec(value ?? '');
  const rot = /rotate\(\s*(-?[\d.e-]+)/.exec(value ?? '');
  return { x: Number(tr?.[1] ?? 0), y: Number(tr?.[2] ?? 0), rotate: Number(rot?.[1] ?? 0) };
}

/** Every visible label of a vega SVG as its box on the canvas. */
export function textBoxes(svg: string, font: Font): TextBox[] {
  const boxes: TextBox[] = [];
  const stack: Array<{ x: number; y: number }> = [{ x: 0, y: 0 }];
  for (const [, close, tag, attrText, selfClose, after] of svg.matchAll(TAG)) {
    const top = stack[stack.length - 1] ?? { x: 0, y: 0 };
    if (tag === 'g') {
      if (close === '/') stack.pop();
      else if (selfClose !== '/') {
        const t = transformOf(attrsOf(attrText ?? '').get('transform'));
        stack.push({ x: top.x + t.x, y: top.y + t.y });
      }
      continue;
    }
    if (close === '/') continue;
    const attrs = attrsOf(attrText ?? '');
    const text = decode(after ?? '').trim();
    if (text === '' || attrs.get('opacity') === '0' || attrs.get('fill-opacity') === '0') continue;
    const size = parseFloat(attrs.get('font-size') ?? '11') || 11;
    const width = textWidth(font, text, size);
    const anchor = attrs.get('text-anchor') ?? 'start';
    const left = anchor === 'middle' ? -width / 2 : anchor === 'end' ? -width : 0;
    const t = transformOf(attrs.get('transform'));
    const a = (t.rotate * Math.PI) / 180;
    const corners = [
      [left, -ASCENT * size],
      [left + width, -ASCENT * size],
      [left, DESCENT * size],
      [left + width, DESCENT * size],
    ].map(([cx = 0, cy = 0]) => [
      top.x + t.x + cx * Math.cos(a) - cy * Math.sin(a),
      top.y + t.y + cx * Math.sin(a) + cy * Math.cos(a),
    ]);
    const xs = corners.map((c) => c[0] ?? 0);
    const ys = corners.map((c) => c[1] ?? 0);
    boxes.push({ text, x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) });
  }
  return boxes;
}

/** Pairs of labels that overlap by more than `tolerance` px both across and down. */
export function overlappingTexts(boxes: readonly TextBox[], tolerance = 1): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      if (a === undefined || b === undefined) continue;
      const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
      const h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
      if (w > tolerance && h > tolerance) out.push([a.text, b.text]);
    }
  return out;
}

/** Labels that reach beyond the canvas (a title cut at either end). */
export function textsOutside(
  boxes: readonly TextBox[],
  width: number,
  height: number,
  tolerance = 1,
): string[] {
  return boxes
    .filter(
      (b) => b.x0 < -tolerance || b.y0 < -tolerance || b.x1 > width + tolerance || b.y1 > height + tolerance,
    )
    .map((b) => b.text);
}
