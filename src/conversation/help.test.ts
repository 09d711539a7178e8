import { describe, expect, it } from 'vitest';
import { COMMANDS } from './commands.ts';
import { commandMeant, helpBody, helpCard } from './help.ts';
import { readCommand } from './parse-command.ts';

// The help card as it read when it was a catalog text (`help.body`), before it was generated from the commands'
// usage lines: the generated card must keep saying exactly this until a command's usage is changed on purpose.
const HELP_EN =
  '`market [tag] [page]` browse the pool · `claim ID` · `pass ID` · `mine` · `why ID` · `touch ID call|visit|message NOTE` · `release ID [note]` · `new` · `board` · `tags ID [+TAG] [-TAG]` · `kbi` (my indicators and points) · `redeem [REWARD]` (points for rewards) · `heatmap [hours]` who claimed leads and when (everyone sees it) · `help`\nDeals: `deal` · `deal new LEAD AMOUNT [CLOSE DATE]` · `deal D12` · `deal D12 close 2027-01-15` · `advance D12 [STAGE] [reason]` · `evidence D12 note TEXT` (files: send with `evidence D12`) · `kp D12 NAME TITLE WEIGHT` · `health D12 red|yellow|green EVIDENCE` · `ask @someone D12 TEXT` · `answer R5 TEXT` · `promise D12 TEXT` · `done T7` · `tiers` (my customers A/B/C and the A deep visits)\nDaily report: `report` · `report 1 2 4 SUMMARY` · send a photo · `report submit` · `report view [NAME|ID] [date]` · `comment REPORT TEXT` · `checkin LEAD [LAT,LNG]` · `touch ID visit HH:MM NOTE`\nManagers: `team reports [date]` · `team board` (targets) · `forecast` · `plan TARGET [quarter]` · `distribution [YYYY-MM]` · `funnel [team|@rep] [YYYY-MM]` · `journey [team|@rep] [YYYY-MM]` · `radar [@rep] [YYYY-MM]` · `attribution [YYYY-MM]` · `digest [team]` (the weekly digest now) · `sources [YYYY-MM]` leads, activation, won and ROI per source and campaign · `whatif FILE` · `today` (the morning patrol)';
const HELP_ZH =
  '`集市 [标签] [页码]` 浏览线索池 · `领取 ID` · `放弃 ID` · `我的线索` · `为什么 ID` · `跟进 ID 电话|拜访|消息 备注` · `释放 ID [备注]` · `新线索` · `看板` · `标签 ID [+标签] [-标签]` · `我的指标` · `兑换 [奖励]` · `热力图 [小时]` 谁在什么时候领取了线索（所有人可见） · `帮助`\n商机：`商机` · `转商机 线索编号 金额 [预计成交日]` · `商机 D12` · `商机 D12 成交日 2027-01-15` · `推进 D12 [阶段] [理由]` · `证据 D12 备注 内容`（文件：发送时附 `证据 D12`） · `关键人 D12 姓名 职位 权重` · `健康度 D12 红|黄|绿 依据` · `协作 @某人 D12 内容` · `答复 R5 内容` · `承诺 D12 内容` · `完成 T7` · `客户分级`（我的 A/B/C 类客户与 A 类深度拜访）\n日报：`日报` · `日报 1 2 4 总结` · 直接发照片 · `日报 提交` · `日报 查看 [姓名|编号] [日期]` · `评论 日报编号 内容` · `签到 线索号 [纬度,经度]` · `跟进 ID 拜访 时:分 备注`\n管理者：`团队日报 [日期]` · `团队看板` · `预测` · `规划 目标 [季度]` · `分配 [月份]` · `漏斗 [团队|@销售] [月份]` · `旅程 [团队|@销售] [月份]` · `雷达 [@销售] [月份]` · `归因 [月份]` · `简报 [团队]`（即时周简报） · `来源 [月份]` 各来源与活动的线索、激活、成交和 ROI · `规则预演 文件` · `今日`（今日巡检）';

describe('help card', () => {
  it("is generated from the commands' usage lines, in the reader's language and grouped as before", () => {
    expect(helpBody('en')).toBe(HELP_EN);
    expect(helpBody('zh-CN')).toBe(HELP_ZH);
  });

  it('shows every usage line of every declared command once, under its group', () => {
    for (const spec of COMMANDS)
      for (const usage of spec.usage) {
        expect(helpBody('en').split(usage.en)).toHaveLength(2);
        expect(helpBody('zh-CN').split(usage.zh)).toHaveLength(2);
      }
    const lines = helpBody('en').split('\n');
    expect(lines.map((l) => /^(Deals|Daily report|Managers): /.exec(l)?.[1] ?? '')).toEqual([
      '',
      'Deals',
      'Daily report',
      'Managers',
    ]);
  });

  it('opens with what was wrong, then the commands, when no command fits the word', () => {
    const card = helpCard('en', { verb: 'invalid', problem: 'UNKNOWN', word: 'flurb' });
    expect(card.body).toBe(`I don't know “flurb”. Here is what I understand:\n${HELP_EN}`);
  });

  it('answers a slip with the one usage that fits, not the whole list (issue 21 item 6)', () => {
    // A typo of a command word, a word that says what was meant, a command missing its part.
    expect(helpCard('en', { verb: 'invalid', problem: 'UNKNOWN', word: 'clam' }).body).toBe(
      "I don't know “clam”; did you mean this?\n`claim ID`\nSend `help` for every command.",
    );
    expect(helpCard('zh-CN', { verb: 'invalid', problem: 'UNKNOWN', word: '打电话' }).body).toBe(
      '我不认识“打电话”，你是不是想用这条指令？\n`跟进 ID 电话|拜访|消息 备注`\n发送 `帮助` 查看全部指令。',
    );
    const { command, spec } = readCommand('跟进 192');
    const card = helpCard('zh-CN', command, spec);
    expect(card.title).toBe('指令用法');
    expect(card.body?.split('\n')).toEqual([
      '请说明跟进方式：`跟进 123 电话|拜访|消息 备注`。',
      '`跟进 ID 电话|拜访|消息 备注`',
      '发送 `帮助` 查看全部指令。',
    ]);
    expect(card.body).not.toContain('集市');
  });

  it('finds no single meaning in a word two commands share, and then shows them all', () => {
    expect(commandMeant('x')).toBeNull();
    expect(commandMeant('zzzzzz')).toBeNull();
    expect(commandMeant('clam')?.verb).toBe('claim');
  });
});

describe('the Chinese usage lines', () => {
  it('use full-width punctuation beside Chinese outside code spans, and 你 not 您 (issue 21 item 9)', () => {
    const wrong = COMMANDS.flatMap((c) => c.usage.map((u) => u.zh)).filter((zh) => {
      const words = zh.replace(/`[^`]*`/g, '');
      return /[\u4e00-\u9fff][,:()!?;]|[,:()!?;][\u4e00-\u9fff]|^\(|\)$/.test(words) || zh.includes('您');
    });
    expect(wrong).toEqual([]);
  });
});
