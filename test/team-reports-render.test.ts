// A team of 30 reps' daily-report table (issue 21, item 2) through every platform's renderer and the checks written
// from each platform's published limits (test/card-conformance.test.ts): paged five reps a card, every page passes,
// and nothing a manager needs is clipped — no rep line, no Open button, no Next button lost, in both languages.
import { describe, expect, it } from 'vitest';
import { checkBlocks } from '../adapters/slack/block-kit.ts';
import { renderMessages } from '../adapters/slack/render.ts';
import { templateCardProblems, wecomMessageProblems } from '../adapters/wecom/message-check.ts';
import { renderMessage as renderWecom } from '../adapters/wecom/render.ts';
import { renderMessage as renderDingtalk } from '../adapters/dingtalk/render.ts';
import { robotMessageProblems } from '../adapters/dingtalk/message-check.ts';
import type { Card } from '../src/kernel/card.ts';
import type { StoredReport } from '../src/modules/ports.ts';
import { FLAG_WEIGHT, type FlagKind } from '../src/modules/reports/rules/authenticity-types.ts';
import { TEAM_PAGE, teamTableCard } from '../src/modules/reports/cards/team-table.ts';
import { problemsFirst, type DailyRow } from '../src/modules/reports/use-cases/daily-table.ts';
import type { TeamTable } from '../src/modules/reports/use-cases/team-reports.ts';

const KINDS = Object.keys(FLAG_WEIGHT) as FlagKind[];
const STATUSES = ['on_time', 'late', 'missing'] as const;

/** 30 reps with long Chinese names and summaries, every state and every flag kind, several flags on some. */
function bigTeam(): TeamTable {
  const rows: DailyRow[] = Array.from({ length: 30 }, (_, i) => {
    const status = STATUSES[i % 3]!;
    const filed = status !== 'missing';
    const flags = filed && i % 2 === 0 ? [KINDS[i % KINDS.length]!, KINDS[(i + 3) % KINDS.length]!] : [];
    const report = filed
      ? ({
          id: 1000 + i,
          summary: `今天拜访了华东区域第${i}家重点客户（医疗基建项目），与院方设备科长深入沟通了方案细节和预算安排，约定下周再次拜访。`,
        } as StoredReport)
      : null;
    return {
      repId: `rep${i}`,
      name: `欧阳${'慧'.repeat(1 + (i % 4))}${i}`,
      teamId: 'east-1',
      status,
      filedAt: filed ? (status === 'late' ? '2026-11-24 08:15' : '17:45') : null,
      score: filed ? 100 - flags.length * 20 : null,
      needsConfirmation: flags.length > 0,
      flags,
      visits: filed ? 1 + (i % 5) : 0,
      photos: filed ? 1 : 0,
      keyActions: filed ? 3 : 0,
      confirmed: i % 4 === 0,
      report,
    };
  });
  return {
    team: { id: 'east-1', name: '华东一组（医疗基建与职业院校）', managerId: 'boss', channels: {} },
    table: {
      date: '2026-11-23',
      teamId: 'east-1',
      rows: problemsFirst(rows),
      filed: 20,
      onTime: 10,
      late: 10,
      missing: 10,
      averageScore: 81,
      flagged: rows.filter((r) => r.needsConfirmation),
    },
  };
}

function pages(tt: TeamTable, locale: 'zh-CN' | 'en'): Card[] {
  const count = Math.ceil(tt.table.rows.length / TEAM_PAGE);
  return Array.from({ length: count }, (_, i) => teamTableCard(tt, i + 1, locale));
}

describe.each(['zh-CN', 'en'] as const)('a 30-rep team table in %s', (locale) => {
  const tt = bigTeam();
  const cards = pages(tt, locale);

  it('is six cards of five reps, every rep once, problems first, with a button per filed report and Next', () => {
    expect(cards).toHaveLength(6);
    const names = cards.flatMap((c) =>
      tt.table.rows.filter((r) => c.body!.includes(`${r.name} — `)).map((r) => r.repId),
    );
    expect(names).toHaveLength(30);
    expect(new Set(names).size).toBe(30);
    expect(cards[0]!.body).toMatch(/^⚠ /m);
    expect(cards[5]!.body).toMatch(/^✓ /m);
    for (const [i, c] of cards.entries()) {
      const actions = c.actions ?? [];
      expect(actions.length).toBeLessThanOrEqual(6);
      expect(actions.filter((a) => a.id === 'report.team')).toHaveLength(i < 5 ? 1 : 0);
    }
  });

  it('passes Slack Block Kit with every line and button kept', () => {
    for (const c of cards) {
      const messages = renderMessages([c]);
      expect(messages).toHaveLength(1);
      expect(checkBlocks(messages[0]!.blocks, 'message')).toEqual([]);
      const json = JSON.stringify(messages[0]!.blocks);
      for (const a of c.actions ?? []) expect(json).toContain(JSON.stringify(a.label).slice(1, -1));
      expect(json).not.toContain('…"');
    }
  });

  it('passes WeCom message/send (a template card, every button) and appchat/send (markdown, not clipped)', () => {
    for (const c of cards) {
      const toPerson = renderWecom(c, { chat: false, taskId: 'leadline-d1-0', locale });
      expect(wecomMessageProblems({ touser: 'LiMin', agentid: 1, ...toPerson }, 'send')).toEqual([]);
      if (toPerson.msgtype === 'template_card') {
        expect(templateCardProblems(toPerson.template_card)).toEqual([]);
        expect(toPerson.template_card.button_list).toHaveLength((c.actions ?? []).length);
      }
      const toChat = renderWecom(c, { chat: true, taskId: 'leadline-d1-0', locale });
      expect(wecomMessageProblems({ chatid: 'wrchat1', ...toChat }, 'appchat')).toEqual([]);
      // The group-chat markdown keeps the last rep line and the typed commands for the buttons.
      const content = toChat.msgtype === 'markdown' ? toChat.markdown.content : '';
      expect(content.endsWith('…')).toBe(false);
    }
  });

  it('passes DingTalk as a robot message and as an interactive card, every button kept', () => {
    for (const c of cards) {
      const robot = renderDingtalk(c, { locale, interactive: false });
      expect(robot.kind).toBe('robot');
      if (robot.kind === 'robot') {
        expect(robotMessageProblems(robot.msgKey, JSON.stringify(robot.msgParam))).toEqual([]);
        expect(robot.msgParam.text.endsWith('…')).toBe(false);
      }
      const card = renderDingtalk(c, { locale, interactive: true });
      if (card.kind === 'card')
        expect(JSON.parse(card.cardParamMap.btns ?? '[]')).toHaveLength((c.actions ?? []).length);
    }
  });
});
