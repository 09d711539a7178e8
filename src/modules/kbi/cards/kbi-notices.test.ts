import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { noticeCard } from '../../notices.ts';
import { DEFAULT_RULES } from '../../rules.ts';
import { warningCard } from './kbi-notices.ts';

const zone = 'Asia/Shanghai';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toMillis();
const label = { 'zh-CN': '新线索24小时内首次触达', en: 'New lead touched within 24 h' };
const data = {
  warningId: 7,
  repId: 'ann',
  managerId: 'boss',
  day: '2026-11-23',
  tier: 'red',
  rate: 0.4,
  below: 0.5,
  days: 3,
  run: [
    { day: '2026-11-19', rate: 0.4 },
    { day: '2026-11-20', rate: 0.4 },
    { day: '2026-11-23', rate: 0.4 },
  ],
  reviewMinutes: 15,
  todo: [
    {
      kbiId: 'firstTouch',
      kbi: label,
      leadId: 31,
      dealId: null,
      company: '丙公司',
      deadline: at('2026-11-24T09:00'),
    },
  ],
  deviations: [
    {
      kbiId: 'firstTouch',
      kbi: label,
      leadId: 12,
      dealId: null,
      company: '乙公司',
      triggerAt: at('2026-11-20T09:02'),
      deadline: at('2026-11-23T09:02'),
      lateAt: at('2026-11-23T11:00'),
    },
    {
      kbiId: 'firstTouch',
      kbi: label,
      leadId: 13,
      dealId: null,
      company: '',
      triggerAt: at('2026-11-20T09:03'),
      deadline: at('2026-11-23T09:03'),
      lateAt: null,
    },
  ],
};
const ctx = {
  lead: null,
  nameOf: (id: string) => ({ ann: '安娜', boss: '王强' })[id] ?? id,
  timezone: zone,
  rules: DEFAULT_RULES,
};

describe('KBI warning cards', () => {
  it('proposes the review to the manager with the facts prefilled, and an Acknowledge button', async () => {
    expect(await noticeCard({ template: 'kbi.warning.manager', data }, ctx, 'zh-CN')).toMatchInlineSnapshot(`
      {
        "actions": [
          {
            "id": "kbi.ack",
            "label": "已知悉",
            "style": "primary",
            "value": "7",
          },
        ],
        "body": "安娜 已连续 3 个工作日低于 50 %。建议召开 15 分钟极速复盘，问题线索已预填如下。

      • 新线索24小时内首次触达：#12 乙公司，11-20 09:02 起，应于 11-23 09:02 前完成（11-23 11:00 补做，已超时）
      • 新线索24小时内首次触达：#13，11-20 09:03 起，应于 11-23 09:03 前完成

      达标率：11-19 40 % · 11-20 40 % · 11-23 40 %",
        "level": "red",
        "title": "🔴 建议复盘：安娜 连续 3 天低于 50 %",
      }
    `);
  });

  it('shows the rep their to-do list too, and after a click the minutes instead of the button', () => {
    const card = warningCard(data, 'rep', ctx, 'en', { key: 'kbi.ack.done', minutes: 12 });
    expect(card.actions).toBeUndefined();
    expect(card.body).toContain('To do:\n• New lead touched within 24 h: #31 丙公司, due 11-24 09:00');
    expect(card.body).toMatch(/✓ Acknowledged 12 min after it was sent\.$/);
  });

  it('announces a win in the team channel as a structured card', async () => {
    const win = {
      dealId: 4,
      customer: '杭州明远科技有限公司',
      ownerId: 'ann',
      industry: '医疗基建',
      need: '门诊楼智能化改造',
      amount: 1_280_000,
      pipeline: 'B2B设备销售',
      pipelineEn: 'B2B equipment',
    };
    expect(await noticeCard({ template: 'deal.won.announce', data: win }, ctx, 'zh-CN'))
      .toMatchInlineSnapshot(`
      {
        "fields": [
          {
            "label": "客户行业",
            "value": "医疗基建",
          },
          {
            "label": "客户需求",
            "value": "门诊楼智能化改造",
          },
          {
            "label": "方案金额",
            "value": "¥1,280,000",
          },
          {
            "label": "业务类型",
            "value": "B2B设备销售",
          },
        ],
        "level": "win",
        "title": "🎉 喜报：安娜 签下 杭州明远科技有限公司",
      }
    `);
    expect((await noticeCard({ template: 'deal.won.announce', data: win }, ctx, 'en')).fields?.[2]).toEqual({
      label: 'Value of the proposal',
      value: '¥1,280,000',
    });
  });
});
