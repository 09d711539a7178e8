import { describe, expect, it } from 'vitest';
import { helpCard, unlinkedCard } from '../../src/conversation/help.ts';
import { newLeadForm, touchForm } from '../../src/modules/leads/chat/forms.ts';
import type { Lead } from '../../src/kernel/types.ts';
import type { Card, Form } from '../../src/kernel/card.ts';
import { leadCard } from '../../src/modules/leads/cards/lead-card.ts';
import { noticeCard } from '../../src/modules/notices.ts';
import { DEFAULT_RULES } from '../../src/modules/rules.ts';
import {
  clip,
  LIMITS,
  renderCard,
  renderHome,
  renderMessage,
  renderMessages,
  renderModal,
  type Block,
} from './render.ts';

const AT = Date.parse('2026-11-23T02:00:00Z');

function lead(overrides: Partial<Lead> = {}): Lead {
  return {
    id: 12,
    company: '华东医疗 & <Partners>',
    contact: '张三',
    phone: '13800000000',
    email: 'z@example.com',
    industry: '医疗基建',
    budget: 250_000,
    need: '门诊楼改造',
    region: '华东',
    source: 'web',
    campaign: 'WEB-1',
    tags: [],
    urgency: null,
    trialEndsAt: null,
    status: 'offered',
    ownerId: 'li.min',
    score: 42,
    scoreBreakdown: { total: 42, parts: [] },
    urgent: false,
    urgentReason: null,
    createdAt: AT,
    offeredAt: AT,
    offerExpiresAt: AT + 2 * 3_600_000,
    claimedAt: null,
    followUpDueAt: null,
    firstTouchAt: null,
    closedAt: null,
    mergedInto: null,
    previousLeadId: null,
    ...overrides,
  };
}

const view = (l: Lead, ownerName: string | null = '李敏') => ({
  lead: l,
  ownerName,
  timezone: 'Asia/Shanghai',
});

/** Everything Slack would refuse: too many blocks, texts over their limits, too many fields or buttons. */
function limitProblems(blocks: Block[], maxBlocks: number = LIMITS.messageBlocks): string[] {
  const problems: string[] = [];
  if (blocks.length > maxBlocks) problems.push(`${blocks.length} blocks`);
  for (const b of blocks) {
    if (b.type === 'header' && b.text.text.length > LIMITS.headerText) problems.push('header text');
    if (b.type === 'section') {
      if ((b.text?.text.length ?? 0) > LIMITS.sectionText) problems.push('section text');
      if ((b.fields?.length ?? 0) > LIMITS.sectionFields) problems.push('fields');
      for (const f of b.fields ?? []) if (f.text.length > LIMITS.fieldText) problems.push('field text');
    }
    if (b.type === 'actions') {
      if (b.elements.length > LIMITS.actionsElements) problems.push('buttons');
      for (const e of b.elements)
        if (e.type === 'button') {
          if (e.text.text.length > LIMITS.buttonText) problems.push('button text');
          if ((e.value?.length ?? 0) > LIMITS.buttonValue) problems.push('button value');
        }
    }
  }
  return problems;
}

describe('Block Kit rendering of cards', () => {
  it('renders a lead offered to a rep with Claim and Pass buttons, escaping mrkdwn', () => {
    const card = leadCard(view(lead()), 'en');
    expect(renderMessage(card)).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "emoji": true,
              "text": "Lead #12 · 华东医疗 & <Partners>",
              "type": "plain_text",
            },
            "type": "header",
          },
          {
            "elements": [
              {
                "text": ":large_blue_circle:",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
          {
            "fields": [
              {
                "text": "*Industry*
      医疗基建",
                "type": "mrkdwn",
              },
              {
                "text": "*Budget*
      ¥250,000",
                "type": "mrkdwn",
              },
              {
                "text": "*Region*
      华东",
                "type": "mrkdwn",
              },
              {
                "text": "*Score*
      42",
                "type": "mrkdwn",
              },
              {
                "text": "*Need*
      门诊楼改造",
                "type": "mrkdwn",
              },
            ],
            "type": "section",
          },
          {
            "text": {
              "text": "Offered to 李敏 until 11-23 12:00",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "elements": [
              {
                "action_id": "lead.claim",
                "style": "primary",
                "text": {
                  "emoji": true,
                  "text": "Claim",
                  "type": "plain_text",
                },
                "type": "button",
                "value": "12",
              },
              {
                "action_id": "lead.pass",
                "text": {
                  "emoji": true,
                  "text": "Pass",
                  "type": "plain_text",
                },
                "type": "button",
                "value": "12",
              },
            ],
            "type": "actions",
          },
        ],
        "text": "Lead #12 · 华东医疗 & <Partners>",
      }
    `);
  });

  it('renders a pool lead (Chinese) with only Claim, and an urgent one in red', () => {
    const card = leadCard(
      view(lead({ status: 'pool', ownerId: null, urgent: true, urgentReason: 'TRIAL_ENDING' }), null),
      'zh-CN',
    );
    expect(renderCard(card)).toMatchInlineSnapshot(`
      [
        {
          "text": {
            "emoji": true,
            "text": "线索 #12 · 华东医疗 & <Partners>",
            "type": "plain_text",
          },
          "type": "header",
        },
        {
          "elements": [
            {
              "text": ":red_circle:",
              "type": "mrkdwn",
            },
          ],
          "type": "context",
        },
        {
          "fields": [
            {
              "text": "*行业*
      医疗基建",
              "type": "mrkdwn",
            },
            {
              "text": "*预算*
      ¥250,000",
              "type": "mrkdwn",
            },
            {
              "text": "*地区*
      华东",
              "type": "mrkdwn",
            },
            {
              "text": "*评分*
      42",
              "type": "mrkdwn",
            },
            {
              "text": "*需求*
      门诊楼改造",
              "type": "mrkdwn",
            },
          ],
          "type": "section",
        },
        {
          "text": {
            "text": "🔥 紧急：试用期 48 小时内到期
      在线索池中，任何人都可领取",
            "type": "mrkdwn",
          },
          "type": "section",
        },
        {
          "elements": [
            {
              "action_id": "lead.claim",
              "style": "primary",
              "text": {
                "emoji": true,
                "text": "领取",
                "type": "plain_text",
              },
              "type": "button",
              "value": "12",
            },
          ],
          "type": "actions",
        },
      ]
    `);
  });

  it('renders a claimed lead ("claimed by …") with no buttons', () => {
    const card = leadCard(view(lead({ status: 'owned', claimedAt: AT, tags: ['职业院校', 'VIP'] })), 'en');
    expect(renderCard(card)).toMatchInlineSnapshot(`
      [
        {
          "text": {
            "emoji": true,
            "text": "Lead #12 · 华东医疗 & <Partners>",
            "type": "plain_text",
          },
          "type": "header",
        },
        {
          "elements": [
            {
              "text": ":large_green_circle:",
              "type": "mrkdwn",
            },
          ],
          "type": "context",
        },
        {
          "fields": [
            {
              "text": "*Industry*
      医疗基建",
              "type": "mrkdwn",
            },
            {
              "text": "*Budget*
      ¥250,000",
              "type": "mrkdwn",
            },
            {
              "text": "*Region*
      华东",
              "type": "mrkdwn",
            },
            {
              "text": "*Score*
      42",
              "type": "mrkdwn",
            },
            {
              "text": "*Tags*
      职业院校, VIP",
              "type": "mrkdwn",
            },
            {
              "text": "*Need*
      门诊楼改造",
              "type": "mrkdwn",
            },
          ],
          "type": "section",
        },
        {
          "text": {
            "text": "Claimed by 李敏",
            "type": "mrkdwn",
          },
          "type": "section",
        },
      ]
    `);
  });

  it('renders notices: a follow-up warning and a take-back', async () => {
    const ctx = {
      lead: view(lead({ status: 'owned', followUpDueAt: AT })),
      nameOf: (id: string) => id,
      timezone: 'Asia/Shanghai',
      rules: DEFAULT_RULES,
    };
    const warning = await noticeCard(
      { template: 'lead.follow_up_due', data: { leadId: 12, dueAt: AT } },
      ctx,
      'en',
    );
    const reverted = await noticeCard(
      { template: 'lead.reverted', data: { leadId: 12, company: 'ACME' } },
      { ...ctx, lead: null },
      'en',
    );
    expect(renderCard(warning)).toMatchInlineSnapshot(`
      [
        {
          "text": {
            "emoji": true,
            "text": "⏰ Lead #12 needs a first follow-up by 11-23 10:00",
            "type": "plain_text",
          },
          "type": "header",
        },
        {
          "elements": [
            {
              "text": ":large_yellow_circle:",
              "type": "mrkdwn",
            },
          ],
          "type": "context",
        },
        {
          "fields": [
            {
              "text": "*Industry*
      医疗基建",
              "type": "mrkdwn",
            },
            {
              "text": "*Budget*
      ¥250,000",
              "type": "mrkdwn",
            },
            {
              "text": "*Region*
      华东",
              "type": "mrkdwn",
            },
            {
              "text": "*Score*
      42",
              "type": "mrkdwn",
            },
            {
              "text": "*Need*
      门诊楼改造",
              "type": "mrkdwn",
            },
          ],
          "type": "section",
        },
        {
          "text": {
            "text": "Claimed by 李敏
      Log a call, visit or message (\`touch 12 call …\`), or it goes back to the pool.",
            "type": "mrkdwn",
          },
          "type": "section",
        },
      ]
    `);
    expect(renderCard(reverted)).toMatchInlineSnapshot(`
      [
        {
          "text": {
            "emoji": true,
            "text": "Lead #12 was taken back",
            "type": "plain_text",
          },
          "type": "header",
        },
        {
          "elements": [
            {
              "text": ":red_circle:",
              "type": "mrkdwn",
            },
          ],
          "type": "context",
        },
        {
          "text": {
            "text": "No follow-up was logged within the time limit, so it went back to the pool.",
            "type": "mrkdwn",
          },
          "type": "section",
        },
      ]
    `);
  });

  it('renders the help and the unlinked-account cards', () => {
    expect(renderCard(helpCard('en', { verb: 'invalid', problem: 'UNKNOWN', word: 'flurb' })))
      .toMatchInlineSnapshot(`
        [
          {
            "text": {
              "emoji": true,
              "text": "Leadline commands",
              "type": "plain_text",
            },
            "type": "header",
          },
          {
            "elements": [
              {
                "text": ":large_blue_circle:",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
          {
            "text": {
              "text": "I don't know “flurb”. Here is what I understand:
        \`market [tag] [page]\` browse the pool · \`claim ID\` · \`pass ID\` · \`mine\` · \`why ID\` · \`touch ID call|visit|message NOTE\` · \`release ID [note]\` · \`new\` · \`board\` · \`tags ID [+TAG] [-TAG]\` · \`kbi\` (my indicators and points) · \`redeem [REWARD]\` (points for rewards) · \`heatmap [hours]\` who claimed leads and when (everyone sees it) · \`help\`
        Deals: \`deal\` · \`deal new LEAD AMOUNT [CLOSE DATE]\` · \`deal D12\` · \`deal D12 close 2027-01-15\` · \`advance D12 [STAGE] [reason]\` · \`evidence D12 note TEXT\` (files: send with \`evidence D12\`) · \`kp D12 NAME TITLE WEIGHT\` · \`health D12 red|yellow|green EVIDENCE\` · \`ask @someone D12 TEXT\` · \`answer R5 TEXT\` · \`promise D12 TEXT\` · \`done T7\` · \`tiers\` (my customers A/B/C and the A deep visits)
        Daily report: \`report\` · \`report 1 2 4 SUMMARY\` · send a photo · \`report submit\` · \`report view [NAME|ID] [date]\` · \`comment REPORT TEXT\` · \`checkin LEAD [LAT,LNG]\` · \`touch ID visit HH:MM NOTE\`
        Managers: \`team reports [date]\` · \`team board\` (targets) · \`forecast\` · \`plan TARGET [quarter]\` · \`distribution [YYYY-MM]\` · \`funnel [team|@rep] [YYYY-MM]\` · \`journey [team|@rep] [YYYY-MM]\` · \`radar [@rep] [YYYY-MM]\` · \`attribution [YYYY-MM]\` · \`digest [team]\` (the weekly digest now) · \`sources [YYYY-MM]\` leads, activation, won and ROI per source and campaign · \`whatif FILE\` · \`today\` (the morning patrol)",
              "type": "mrkdwn",
            },
            "type": "section",
          },
        ]
      `);
    expect(renderCard(unlinkedCard('zh-CN'))).toMatchInlineSnapshot(`
      [
        {
          "text": {
            "emoji": true,
            "text": "你的账号还没有关联",
            "type": "plain_text",
          },
          "type": "header",
        },
        {
          "elements": [
            {
              "text": ":large_yellow_circle:",
              "type": "mrkdwn",
            },
          ],
          "type": "context",
        },
        {
          "text": {
            "text": "请联系管理员把你的聊天账号加入组织文件（\`leadline org import\`）。",
            "type": "mrkdwn",
          },
          "type": "section",
        },
      ]
    `);
  });

  it('renders a win card with an image caption', () => {
    const card: Card = {
      title: 'Won',
      level: 'win',
      image: { png: new Uint8Array([1]), alt: 'Funnel chart' },
    };
    expect(renderCard(card)).toMatchInlineSnapshot(`
      [
        {
          "text": {
            "emoji": true,
            "text": "Won",
            "type": "plain_text",
          },
          "type": "header",
        },
        {
          "elements": [
            {
              "text": ":trophy:",
              "type": "mrkdwn",
            },
          ],
          "type": "context",
        },
        {
          "elements": [
            {
              "text": "Funnel chart",
              "type": "mrkdwn",
            },
          ],
          "type": "context",
        },
      ]
    `);
  });
});

describe('Block Kit rendering of forms', () => {
  it('renders a form as a modal with an input per field kind', () => {
    const form: Form = {
      id: 'lead.new',
      title: 'New lead',
      submitLabel: 'Create',
      fields: [
        { name: 'company', label: 'Company', kind: 'text', required: true, placeholder: 'ACME Ltd' },
        { name: 'budget', label: 'Budget', kind: 'number', required: false },
        { name: 'need', label: 'Need', kind: 'textarea', required: false },
        { name: 'source', label: 'Source', kind: 'text', required: true, initial: 'chat' },
        {
          name: 'size',
          label: 'Size',
          kind: 'select',
          required: false,
          options: [{ value: 's', label: 'Small' }],
        },
      ],
    };
    expect(renderModal(form)).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "block_id": "company",
            "element": {
              "action_id": "company",
              "multiline": false,
              "placeholder": {
                "emoji": true,
                "text": "ACME Ltd",
                "type": "plain_text",
              },
              "type": "plain_text_input",
            },
            "label": {
              "emoji": true,
              "text": "Company",
              "type": "plain_text",
            },
            "optional": false,
            "type": "input",
          },
          {
            "block_id": "budget",
            "element": {
              "action_id": "budget",
              "is_decimal_allowed": false,
              "type": "number_input",
            },
            "label": {
              "emoji": true,
              "text": "Budget",
              "type": "plain_text",
            },
            "optional": true,
            "type": "input",
          },
          {
            "block_id": "need",
            "element": {
              "action_id": "need",
              "multiline": true,
              "type": "plain_text_input",
            },
            "label": {
              "emoji": true,
              "text": "Need",
              "type": "plain_text",
            },
            "optional": true,
            "type": "input",
          },
          {
            "block_id": "source",
            "element": {
              "action_id": "source",
              "initial_value": "chat",
              "multiline": false,
              "type": "plain_text_input",
            },
            "label": {
              "emoji": true,
              "text": "Source",
              "type": "plain_text",
            },
            "optional": false,
            "type": "input",
          },
          {
            "block_id": "size",
            "element": {
              "action_id": "size",
              "options": [
                {
                  "text": {
                    "emoji": true,
                    "text": "Small",
                    "type": "plain_text",
                  },
                  "value": "s",
                },
              ],
              "type": "static_select",
            },
            "label": {
              "emoji": true,
              "text": "Size",
              "type": "plain_text",
            },
            "optional": true,
            "type": "input",
          },
        ],
        "callback_id": "lead.new",
        "private_metadata": "",
        "submit": {
          "emoji": true,
          "text": "Create",
          "type": "plain_text",
        },
        "title": {
          "emoji": true,
          "text": "New lead",
          "type": "plain_text",
        },
        "type": "modal",
      }
    `);
  });

  it('renders the new-lead form of the chat layer with one input per lead field', () => {
    const modal = renderModal(newLeadForm('en'));
    expect(modal.callback_id).toBe('lead.new');
    expect(modal.blocks.map((b) => b.block_id)).toEqual([
      'company',
      'contact',
      'phone',
      'email',
      'industry',
      'budget',
      'need',
      'region',
      'source',
      'campaign',
      'tags',
    ]);
  });

  it('renders the follow-up form with a preselected option, its context and a note above the inputs', () => {
    expect(renderModal(touchForm('zh-CN', 12), 'Please check: note')).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "text": "Please check: note",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "block_id": "kind",
            "element": {
              "action_id": "kind",
              "initial_option": {
                "text": {
                  "emoji": true,
                  "text": "电话",
                  "type": "plain_text",
                },
                "value": "call",
              },
              "options": [
                {
                  "text": {
                    "emoji": true,
                    "text": "电话",
                    "type": "plain_text",
                  },
                  "value": "call",
                },
                {
                  "text": {
                    "emoji": true,
                    "text": "拜访",
                    "type": "plain_text",
                  },
                  "value": "visit",
                },
                {
                  "text": {
                    "emoji": true,
                    "text": "消息",
                    "type": "plain_text",
                  },
                  "value": "message",
                },
              ],
              "type": "static_select",
            },
            "label": {
              "emoji": true,
              "text": "方式",
              "type": "plain_text",
            },
            "optional": false,
            "type": "input",
          },
          {
            "block_id": "note",
            "element": {
              "action_id": "note",
              "multiline": true,
              "type": "plain_text_input",
            },
            "label": {
              "emoji": true,
              "text": "备注",
              "type": "plain_text",
            },
            "optional": true,
            "type": "input",
          },
        ],
        "callback_id": "lead.touch",
        "private_metadata": "12",
        "submit": {
          "emoji": true,
          "text": "保存",
          "type": "plain_text",
        },
        "title": {
          "emoji": true,
          "text": "记录跟进",
          "type": "plain_text",
        },
        "type": "modal",
      }
    `);
  });
});

describe("Slack's limits", () => {
  const long = (n: number) => '长'.repeat(n);
  const huge: Card = {
    title: long(400),
    level: 'red',
    fields: Array.from({ length: 23 }, (_, i) => ({ label: `f${i}`, value: long(2500) })),
    body: Array.from({ length: 40 }, () => long(400)).join('\n') + `\n${long(5000)}`,
    actions: Array.from({ length: 30 }, (_, i) => ({
      id: 'lead.claim' as const,
      label: long(100),
      value: String(i).repeat(3000),
    })),
  };

  it('keeps an oversized card within every limit, clipping with an ellipsis', () => {
    const { blocks, text } = renderMessage(huge);
    expect(limitProblems(blocks)).toEqual([]);
    expect(text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
    const header = blocks[0];
    expect(header?.type === 'header' && header.text.text.endsWith('…')).toBe(true);
  });

  it('splits many cards over messages of at most 50 blocks, and a Home tab of at most 100', () => {
    const cards = Array.from({ length: 30 }, (_, i) => leadCard(view(lead({ id: i + 1 })), 'en'));
    const messages = renderMessages(cards);
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) expect(limitProblems(m.blocks)).toEqual([]);
    expect(messages.flatMap((m) => m.blocks).filter((b) => b.type === 'header')).toHaveLength(30);
    expect(limitProblems(renderHome(cards).blocks, LIMITS.viewBlocks)).toEqual([]);
  });

  it('keeps modal title and submit within 24 characters and private_metadata within 3000', () => {
    const form = {
      ...newLeadForm('en'),
      title: 'A very long modal title indeed',
      submitLabel: '一'.repeat(30),
      context: 'x'.repeat(4000),
    };
    const modal = renderModal(form);
    expect(modal.title.text).toHaveLength(24);
    expect(modal.title.text.endsWith('…')).toBe(true);
    expect(modal.submit?.text.length).toBe(24);
    expect(modal.private_metadata?.length).toBe(3000);
  });

  it.each([
    ['short text', 'abc', 5, 'abc'],
    ['exact length', 'abcde', 5, 'abcde'],
    ['long text', 'abcdef', 5, 'abcd…'],
    ['a surrogate pair at the cut', 'ab😀cd', 4, 'ab…'],
  ])('clips %s', (_what, text, max, out) => {
    expect(clip(text, max)).toBe(out);
  });
});
