import { describe, expect, it } from 'vitest';
import { CHART_FONT_FILE } from './render.ts';
import { loadFont, textToPaths } from './text-to-path.ts';

const text = (attrs: string, content: string) =>
  `<svg><text ${attrs} font-family="Noto Sans Hans" font-size="11px" fill="#555">${content}</text></svg>`;

describe('textToPaths', () => {
  it('turns a label into a path at the same place and colour, numbers always separated', async () => {
    const font = await loadFont(CHART_FONT_FILE);
    const out = textToPaths(text('text-anchor="middle" transform="translate(254.5,72.75)"', '4.5'), font);
    expect(out).not.toContain('<text');
    expect(out).toMatch(
      /^<svg><path transform="translate\(254\.5,72\.75\)" fill="#555" d="M[^"]+"\/><\/svg>$/,
    );
    // Two numbers never run together ("-1.400-1.40" is how a 0 got lost before).
    const d = /d="([^"]+)"/.exec(out)?.[1] ?? '';
    expect(d).not.toMatch(/\.\d+\.|\.\d{3,}/);
  });

  it('anchors the path as the text was anchored, and strokes bold text', async () => {
    const font = await loadFont(CHART_FONT_FILE);
    const start = textToPaths(text('text-anchor="start"', '线索'), font);
    const end = textToPaths(text('text-anchor="end" font-weight="bold"', '线索'), font);
    const firstX = (svg: string) => Number(/d="M(-?[\d.]+)/.exec(svg)?.[1]);
    expect(firstX(start)).toBeGreaterThan(0);
    expect(firstX(end)).toBeLessThan(0);
    expect(end).toContain('stroke="#555"');
  });

  it('decodes entities and drops empty labels', async () => {
    const font = await loadFont(CHART_FONT_FILE);
    expect(textToPaths(text('', '  '), font)).toBe('<svg></svg>');
    expect(textToPaths(text('', '&#x674E;&amp;'), font)).toBe(textToPaths(text('', '李&amp;'), font));
    expect(textToPaths(text('', '李&amp;'), font)).not.toBe(textToPaths(text('', '李'), font));
  });
});
