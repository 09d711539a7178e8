// Smart tags (issue 24 item 4) through intake and the rep's correction, on SQLite and PostgreSQL.
import { beforeEach, describe, expect, it } from 'vitest';
import { handleInbound, identify } from '../src/conversation/conversation.ts';
import { submitLead } from '../src/modules/leads/use-cases/submit-lead.ts';
import { retagLead, tagSources } from '../src/modules/leads/use-cases/retag-lead.ts';
import { DATABASES, leadFields, person, seedOrg, type TestEnv, useTestEnv } from './helpers.ts';
import { ORG_TAGS } from './fixtures/tag-cases.ts';
import { ConfigError, parseRules } from '../src/config.ts';

let env: TestEnv;

describe.each(DATABASES)('on %s', (kind) => {
  const current = useTestEnv(kind);
  beforeEach(() => {
    env = current();
    env.deps.rules = { ...env.deps.rules, tags: { ...ORG_TAGS, applyAt: 0.8 } };
  });

  it('seed 001: a new lead from 新能源汽车电池pack厂 gets 新能源, 汽车 and 电池, each stored with its source', async () => {
    await seedOrg(env, [person('alice')]);
    const r = await submitLead(env.deps, {
      fields: leadFields({ company: '新能源汽车电池pack厂', industry: '', need: '基建', tags: ['大客户'] }),
      via: 'api',
    });
    if (r.kind !== 'created') throw new Error(r.kind);
    expect([...r.lead.tags].sort()).toEqual(['大客户', '新能源', '汽车', '电池'].sort());
    const events = await env.deps.store.transaction((tx) => tx.events.forLead(r.lead.id));
    const tagged = events.find((e) => e.type === 'lead.tagged');
    expect(tagged).toMatchObject({
      actorId: null,
      removed: [],
      // 基建 is only part of 医疗基建: suggested, not applied.
      suggested: [{ tag: '医疗基建', source: 'suggested:need', word: '基建', confidence: 0.5 }],
    });
    expect(tagSources(r.lead.tags, events)).toEqual(
      expect.arrayContaining([
        { tag: '大客户', source: 'entered' },
        { tag: '新能源', source: 'suggested:company' },
        { tag: '电池', source: 'suggested:company' },
      ]),
    );
  });

  it('no tag list in the rules: nothing is suggested and no event written', async () => {
    env.deps.rules = { ...env.deps.rules, tags: { list: [], synonyms: {}, applyAt: 0.8 } };
    const r = await submitLead(env.deps, {
      fields: leadFields({ company: '新能源汽车电池pack厂' }),
      via: 'api',
    });
    if (r.kind !== 'created') throw new Error(r.kind);
    const events = await env.deps.store.transaction((tx) => tx.events.forLead(r.lead.id));
    expect(events.some((e) => e.type === 'lead.tagged')).toBe(false);
  });

  it('the owner corrects the tags; a rep who does not hold the lead may not', async () => {
    await seedOrg(env, [person('alice'), person('bob')]);
    const r = await submitLead(env.deps, {
      fields: leadFields({ company: '新能源汽车电池pack厂', industry: '', need: '' }),
      via: 'chat',
      enteredBy: 'alice',
    });
    if (r.kind !== 'kept') throw new Error(r.kind);
    const alice = person('alice');
    expect(await retagLead(env.deps, person('bob'), r.lead.id, ['地产'], [])).toEqual({ kind: 'forbidden' });
    const done = await retagLead(env.deps, alice, r.lead.id, ['医疗基建', ' 医疗基建 '], ['汽车', '不存在']);
    if (done.kind !== 'done') throw new Error(done.kind);
    expect(done.added).toEqual(['医疗基建']);
    expect(done.removed).toEqual(['汽车']);
    expect([...done.lead.tags].sort()).toEqual(['新能源', '医疗基建', '电池'].sort());
    const events = await env.deps.store.transaction((tx) => tx.events.forLead(r.lead.id));
    expect(tagSources(done.lead.tags, events)).toContainEqual({ tag: '医疗基建', source: 'rep' });
    expect(await retagLead(env.deps, alice, 999999, ['x'], [])).toEqual({ kind: 'not_found' });
  });

  it('in chat: `标签 ID` shows each tag with its source and the suggestions; `tags ID +x -y` corrects; others are refused', async () => {
    await seedOrg(env, [person('alice', { locale: 'zh-CN' }), person('bob', { locale: 'en' })]);
    const r = await submitLead(env.deps, {
      fields: leadFields({ company: '新能源汽车电池pack厂', industry: '', need: '基建', tags: ['大客户'] }),
      via: 'chat',
      enteredBy: 'alice',
    });
    if (r.kind !== 'kept') throw new Error(r.kind);
    const chat = { engine: env.deps, defaultLocale: 'en' as const };
    const say = async (as: string, text: string) =>
      handleInbound(chat, await identify(chat, 'playground', as), { kind: 'command', text });
    const [shown] = await say('alice', `标签 ${r.lead.id}`);
    expect(shown?.card.title).toBe(
      `线索 #${r.lead.id} 的标签：大客户（录入时填写）、电池（据公司名推荐）、新能源（据公司名推荐）、汽车（据公司名推荐）`,
    );
    expect(shown?.card.body).toBe(
      `推荐但未添加：医疗基建（据需求推荐）。添加请发 \`标签 ${r.lead.id} +标签\`，去掉请发 \`标签 ${r.lead.id} -标签\`。`,
    );
    const [changed] = await say('alice', `标签 ${r.lead.id} ＋医疗基建 -汽车`);
    expect(changed?.card.title).toBe(
      `线索 #${r.lead.id} 的标签：大客户（录入时填写）、电池（据公司名推荐）、新能源（据公司名推荐）、医疗基建（销售添加）`,
    );
    expect(changed?.card.body).toBeUndefined();
    const [refused] = await say('bob', `tags ${r.lead.id} +x`);
    expect(refused?.card.title).toBe(
      `Only lead #${r.lead.id}'s rep, their manager, directors and admins can change its tags.`,
    );
    const lead = await env.deps.store.transaction((tx) => tx.leads.get(r.lead.id));
    expect(lead?.tags).not.toContain('x');
  });
});

describe('the rules file’s tags section', () => {
  it('reads the list, the synonyms and the threshold; refuses a threshold outside 0–1 and an empty word', () => {
    const rules = parseRules('tags:\n  applyAt: 0.9\n  list: [新能源, 汽车]\n  synonyms: { 汽车: [车企] }\n');
    expect(rules.tags).toEqual({ list: ['新能源', '汽车'], synonyms: { 汽车: ['车企'] }, applyAt: 0.9 });
    const problems = (text: string) => {
      try {
        parseRules(text);
      } catch (e) {
        if (e instanceof ConfigError) return e.problems;
      }
      return [];
    };
    expect(problems('tags:\n  applyAt: 2\n')).toEqual(['tags.applyAt: expected a number from 0 to 1']);
    expect(problems("tags:\n  list: ['']\n")).toEqual(['tags.list[0]: expected a word']);
  });
});
