// The card template we ship (card-template/leadline-card.json, imported in DingTalk's card platform) declares
// exactly the variables render.ts fills, binds the buttons' loop to `btns` with each button's dynamic event, and
// its sample data has the shape render.ts produces.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Card } from '../../src/kernel/card.ts';
import { CARD_VARIABLES, renderCardParams } from './render.ts';

interface Node {
  componentName: string;
  props: Record<string, unknown>;
  children?: Node[];
}
const file = JSON.parse(
  readFileSync(new URL('./card-template/leadline-card.json', import.meta.url), 'utf8'),
) as { editorData: string; type: string; mode: string };
const editor = JSON.parse(file.editorData) as {
  schema: { componentsMap: Array<{ componentName: string }>; componentsTree: Node[] };
  variableList: Array<{ name: string; type: string; schema?: Array<{ name: string; type: string }> }>;
  mockData: { cardData: Record<string, unknown> };
};
const nodes = (n: Node[]): Node[] => n.flatMap((x) => [x, ...nodes(x.children ?? [])]);
const all = nodes(editor.schema.componentsTree);

const offer: Card = {
  title: '新线索：Acme',
  level: 'green',
  body: '请在 2 小时内领取。',
  actions: [
    { id: 'lead.claim', label: '领取', value: '12', style: 'primary' },
    { id: 'lead.pass', label: '放弃', value: '12', style: 'danger' },
  ],
};

describe('the shipped DingTalk card template', () => {
  it('is an IM card in the card platform export shape (editorData, type, mode)', () => {
    expect(file.type).toBe('im');
    expect(file.mode).toBe('card');
    const used = new Set(all.map((n) => n.componentName));
    expect(new Set(editor.schema.componentsMap.map((c) => c.componentName))).toEqual(used);
  });

  it('declares exactly the variables render.ts fills, btns as a loop of text, color, status and action', () => {
    expect(editor.variableList.map((v) => v.name)).toEqual([...CARD_VARIABLES]);
    expect(Object.keys(renderCardParams(offer)).sort()).toEqual([...CARD_VARIABLES].sort());
    const btns = editor.variableList.find((v) => v.name === 'btns');
    expect(btns?.type).toBe('loopArray');
    expect(btns?.schema?.map((f) => [f.name, f.type])).toEqual([
      ['text', 'string'],
      ['color', 'string'],
      ['status', 'string'],
      ['action', 'dynamicEvent'],
    ]);
  });

  it('renders the markdown variable and loops over btns with buttons sending their dynamic event', () => {
    const markdown = all.find((n) => n.componentName === 'Markdown');
    expect(markdown?.props.content).toMatchObject({ valueType: 'variable', variable: 'markdown' });
    const loop = all.find((n) => n.componentName === 'Loop');
    expect(loop?.props.listData).toMatchObject({ variable: 'btns' });
    const button = loop?.children?.[0];
    expect(button?.componentName).toBe('SingleButton');
    expect(button?.props.actionType).toBe('dynamicEvent');
    expect(button?.props.dynamicEventVar).toMatchObject({ variable: 'btns[0].action', variableType: 'loop' });
  });

  it('has sample data of the shape render.ts produces', () => {
    const rendered = JSON.parse(renderCardParams(offer).btns) as unknown[];
    expect(editor.mockData.cardData.btns).toEqual(rendered);
  });
});
