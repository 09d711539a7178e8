import { describe, expect, it } from 'vitest';
import { COMMANDS } from './commands.ts';
import { helpBody, helpCard } from './help.ts';

// The help card as it read when it was a catalog text (`help.body`), before it was generated from the commands'
// usage lines: the generated card must keep saying exactly this until a command's usage is changed on purpose.
const HELP_EN =
  '`market [tag] [page]` browse the pool · `claim ID` · `pass ID` · `mine` · `why ID` · `touch ID call|visit|message NOTE` · `release ID [note]` · `new` · `board` · `kbi` (my indicators and points) · `help`\nDeals: `deal` · `deal new LEAD AMOUNT` · `deal D12` · `advance D12 [STAGE] [reason]` · `evidence D12 note TEXT` (files: send with `evidence D12`) · `kp D12 NAME TITLE WEIGHT` · `health D12 red|yellow|green EVIDENCE` · `ask @someone D12 TEXT` · `answer R5 TEXT` · `promise D12 TEXT` · `done T7`\nDaily report: `report` · `report 1 2 4 SUMMARY` · send a photo · `report submit` · `checkin LEAD [LAT,LNG]` · `touch ID visit HH:MM NOTE`\nManagers: `team board` (targets) · `forecast` · `plan TARGET [quarter]` · `distribution [YYYY-MM]` · `funnel [team|@rep] [YYYY-MM]` · `journey [team|@rep] [YYYY-MM]` · `radar [@rep] [YYYY-MM]` · `attribution [YYYY-MM]` · `digest [team]` (the weekly digest now) · `whatif FILE` · `today` (the morning patrol)';
const HELP_ZH =
  '`集市 [标签] [页码]` 浏览线索池 · `领取 ID` · `放弃 ID` · `我的线索` · `为什么 ID` · `跟进 ID 电话|拜访|消息 备注` · `释放 ID [备注]` · `新线索` · `看板` · `我的指标` · `帮助`\n商机:`商机` · `转商机 线索编号 金额` · `商机 D12` · `推进 D12 [阶段] [理由]` · `证据 D12 备注 内容`(文件:发送时附 `证据 D12`) · `关键人 D12 姓名 职位 权重` · `健康度 D12 红|黄|绿 依据` · `协作 @某人 D12 内容` · `答复 R5 内容` · `承诺 D12 内容` · `完成 T7`\n日报:`日报` · `日报 1 2 4 总结` · 直接发照片 · `日报 提交` · `签到 线索号 [纬度,经度]` · `跟进 ID 拜访 时:分 备注`\n管理者:`团队看板` · `预测` · `规划 目标 [季度]` · `分配 [月份]` · `漏斗 [团队|@销售] [月份]` · `旅程 [团队|@销售] [月份]` · `雷达 [@销售] [月份]` · `归因 [月份]` · `简报 [团队]`(即时周简报) · `规则预演 文件` · `今日`(今日巡检)';

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

  it('opens with what was wrong, then the commands', () => {
    const card = helpCard('en', { verb: 'invalid', problem: 'UNKNOWN', word: 'clam' });
    expect(card.body).toBe(`I don't know “clam”. Here is what I understand:\n${HELP_EN}`);
  });
});
