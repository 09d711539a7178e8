// Issue 21 item 10: every chart, with realistic and edge-case data in both languages, lays its labels out
// without overlaps and inside the canvas — measured on the SVG that is drawn, with the font it is drawn with.
import { describe, expect, it } from 'vitest';
import { layoutCases } from './layout-cases-more.ts';
import { chartSvg } from './draw.ts';
import { CHART_FONT_FILE } from './render.ts';
import { overlappingTexts, textBoxes, textsOutside, type TextBox } from './text-boxes.ts';
import { loadFont } from './text-to-path.ts';
import { attributionSpec, radarSpec, dwellSpec } from './specs.ts';
import { SAMPLE_DWELL, SAMPLE_RADAR } from './fixtures.ts';

const canvas = (svg: string) => {
  const m = /<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg);
  return { width: Number(m?.[1]), height: Number(m?.[2]) };
};

async function boxesOf(spec: Parameters<typeof chartSvg>[0]) {
  const font = await loadFont(CHART_FONT_FILE);
  const svg = await chartSvg(spec, font);
  return { svg, boxes: textBoxes(svg, font), ...canvas(svg) };
}

const texts = (boxes: TextBox[]) => boxes.map((b) => b.text);

describe('chart layout', () => {
  it.each(layoutCases().map((c) => [`${c.chart} · ${c.data} · ${c.locale}`, c] as const))(
    '%s: no two labels overlap and none leaves the canvas',
    async (_name, c) => {
      const { boxes, width, height } = await boxesOf(c.spec);
      expect(boxes.length).toBeGreaterThan(2);
      expect(overlappingTexts(boxes)).toEqual([]);
      expect(textsOutside(boxes, width, height)).toEqual([]);
    },
  );

  it('catches what it is for: two labels at one place, and a title past the edge', async () => {
    const font = await loadFont(CHART_FONT_FILE);
    const svg = (x: number) =>
      `<svg><g transform="translate(10,20)"><text transform="translate(${x},5)" font-size="12px">张伟</text>` +
      `<text transform="translate(5,5)" font-size="12px">李敏</text></g></svg>`;
    expect(overlappingTexts(textBoxes(svg(10), font))).toEqual([['张伟', '李敏']]);
    expect(overlappingTexts(textBoxes(svg(30), font))).toEqual([]);
    const title = textBoxes(
      '<svg><text transform="translate(-3,20)" font-size="18px">ess health</text></svg>',
      font,
    );
    expect(textsOutside(title, 640, 400)).toEqual(['ess health']);
  });

  it('groups twelve names at one point into one label', async () => {
    const names = [
      '张伟',
      '李敏',
      '陈静',
      '王芳',
      '刘洋',
      '赵磊',
      '孙丽',
      '周杰',
      '吴昊',
      '郑爽',
      '冯晨',
      '何平',
    ];
    const points = names.map((name) => ({ name, kbiPct: 60, conversionPct: 10 }));
    const { boxes } = await boxesOf(attributionSpec({ month: '2026-11', points }, 'zh-CN'));
    expect(texts(boxes)).toContain('张伟、李敏 +10');
    expect(texts(boxes).filter((t) => names.includes(t))).toEqual([]);
    const en = await boxesOf(attributionSpec({ month: '2026-11', points }, 'en'));
    expect(texts(en.boxes)).toContain('张伟, 李敏 +10');
  });

  it('draws the radar with its scale and says "no data" where a measure is missing, not 0', async () => {
    const axes = SAMPLE_RADAR.axes.map((a, i) => ({ ...a, rep: i === 1 ? null : a.rep }));
    const { boxes } = await boxesOf(radarSpec({ repName: '刘洋', axes }, 'zh-CN'));
    expect(texts(boxes)).toEqual(expect.arrayContaining(['20', '40', '60', '80', '100', '无数据']));
    expect(texts(boxes).filter((t) => t === '无数据')).toHaveLength(1);
    const full = await boxesOf(radarSpec(SAMPLE_RADAR, 'en'));
    expect(texts(full.boxes)).not.toContain('no data');
  });

  it('shortens a long radar title at its end with an ellipsis, keeping its beginning', async () => {
    const name = 'Alexandra Konstantinopoulou-Richardson 欧阳诸葛长风·阿卜杜热合曼·买买提江 '.repeat(2);
    const { boxes, width } = await boxesOf(radarSpec({ ...SAMPLE_RADAR, repName: name }, 'en'));
    const title = boxes.find((b) => b.text.startsWith('Process health: Alexandra'));
    expect(title?.text.endsWith('…')).toBe(true);
    expect(title?.x0).toBeGreaterThanOrEqual(0);
    expect(title?.x1).toBeLessThanOrEqual(width);
  });

  it('names the pipeline on the dwell map, labels its scale in days, and says so when it is all zeros', async () => {
    const sample = await boxesOf(dwellSpec(SAMPLE_DWELL, 'zh-CN'));
    expect(texts(sample.boxes)).toContain('阶段停留天数（中位数）· 大客户销售');
    expect(texts(sample.boxes)).toContain('天');
    expect(texts(sample.boxes)).toContain('0');
    const zeros = { ...SAMPLE_DWELL, cells: SAMPLE_DWELL.cells.map((c) => ({ ...c, medianDays: 0 })) };
    const zh = await boxesOf(dwellSpec(zeros, 'zh-CN'));
    expect(texts(zh.boxes)).toContain('还没有停留时间：没有商机在任何阶段停留满一天。');
    // The cells' colours: the scale's oranges for the sample, one grey (and no gradient legend) for zeros.
    const fills = (svg: string) => [
      ...new Set([...svg.matchAll(/<path[^>]*fill="([^"]+)"/g)].map((m) => m[1])),
    ];
    expect(fills(sample.svg).length).toBeGreaterThan(3);
    expect(fills(zh.svg)).toEqual(['#eeeeee']);
    const en = await boxesOf(dwellSpec(zeros, 'en'));
    expect(texts(en.boxes)).toContain('No dwell time yet: no deal has stayed in a stage for a day.');
  });
});
