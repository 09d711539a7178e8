// The rules file's `journals` section (issue 24 item 9): which template of WeCom 汇报 / DingTalk 日志 to import and
// which of its fields make the summary. Each problem is said in English and Chinese (the admin may read either).
import { z } from 'zod';

const text = (what: string, zh: string) =>
  z
    .string({ error: `expected ${what} / 应填写${zh}` })
    .trim()
    .min(1, `expected ${what} / 应填写${zh}`)
    .max(256, `at most 256 characters / 最多 256 个字符`);

const template = z.strictObject(
  {
    template: text(
      'the template (WeCom: its id; DingTalk: its name)',
      '模板（企业微信填表单 ID，钉钉填模板名称）',
    ),
    summary: z
      .array(text('a field title', '字段标题'), {
        error: 'expected a list of field titles / 应为字段标题列表',
      })
      .max(50, 'at most 50 fields / 最多 50 个字段')
      .default([]),
  },
  { error: 'expected template: … and summary: [field titles] / 应包含 template 和 summary' },
);

export const journalRulesSchema = z.strictObject({
  wecom: template.nullable(),
  dingtalk: template.nullable(),
  backfillDays: z
    .number({ error: 'expected a whole number of days, 1–365 / 应为 1–365 的整天数' })
    .int('expected a whole number of days, 1–365 / 应为 1–365 的整天数')
    .min(1, 'expected a whole number of days, 1–365 / 应为 1–365 的整天数')
    .max(365, 'expected a whole number of days, 1–365 / 应为 1–365 的整天数'),
});
