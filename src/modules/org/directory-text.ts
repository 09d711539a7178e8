// A failed directory call in words, with what the admin should do, in the org's language (zh-CN or en).
import { t, type Locale, type MessageKey } from '../i18n.ts';
import type { DirectoryFailure } from './rules/directory.ts';

const RETRY = /^(HTTP|NETWORK|-1|45009|45033|90018|ratelimited|fatal_error|internal_error)/;

function hintKey(f: DirectoryFailure): MessageKey {
  if (RETRY.test(f.code)) return 'directory.hint.retry';
  if (f.code === '60020') return 'directory.hint.ip';
  switch (f.platform) {
    case 'wecom':
      // https://developer.work.weixin.qq.com/document/path/90313 (全局错误码): 48002 API 接口无权限调用,
      // 60011 指定的成员/部门/标签参数无权限, 40001 不合法的secret参数, 40013 不合法的CorpID.
      if (f.code === '48002' && f.call === 'user/list_id') return 'directory.hint.wecom.contactSecret';
      if (f.code === '48002' || f.code === '60011') return 'directory.hint.wecom.range';
      if (f.code === '40001' || f.code === '40013' || f.code === '40014')
        return 'directory.hint.wecom.credentials';
      return 'directory.hint.other';
    case 'dingtalk':
      // DingTalk answers a missing permission with errcode 88 / 60011 and names it, e.g. qyapi_get_department_list.
      if (f.permission !== undefined || f.code === '88' || f.code === '60011')
        return 'directory.hint.dingtalk.permission';
      if (f.code === '40089' || f.code === '40014' || /invalidClient|Forbidden\.AccessDenied/i.test(f.code))
        return 'directory.hint.dingtalk.credentials';
      return 'directory.hint.other';
    case 'slack':
      // https://api.slack.com/methods/users.list: missing_scope, invalid_auth, not_authed, token_revoked.
      if (f.code === 'missing_scope') return 'directory.hint.slack.scope';
      if (/^(invalid_auth|not_authed|token_revoked|token_expired|account_inactive)$/.test(f.code))
        return 'directory.hint.slack.credentials';
      return 'directory.hint.other';
  }
}

export function directoryFailureText(f: DirectoryFailure, locale: Locale): string[] {
  return [
    t(locale, 'directory.failed', {
      platform: f.platform,
      call: f.call,
      code: f.code,
      message: f.message,
    }),
    t(locale, hintKey(f), { permission: f.permission ?? '?' }),
  ];
}
