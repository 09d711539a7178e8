// Words of the directory sync (`org sync`): a failed platform call and what the admin should do about it.
export const directoryEn = {
  'directory.failed':
    '{platform} directory: the call {call} failed with {code} ({message}). Nothing was changed.',
  'directory.hint.ip':
    'Add this server’s public IP to the app’s trusted IPs (WeCom admin console: `应用管理 → the app → 企业可信IP`; DingTalk developer console: the app → `开发管理 → 服务器出口IP`), then run again.',
  'directory.hint.wecom.contactSecret':
    'user/list_id answers only to the contact-sync secret: set WECOM_CONTACT_SECRET to the secret under `管理工具 → 通讯录同步` (or leave it unset to read each department with user/simplelist).',
  'directory.hint.wecom.range':
    'The app may not see this department or member: widen the app’s visible range (`应用管理 → the app → 可见范围`) to the departments to sync.',
  'directory.hint.wecom.credentials':
    'WeCom refused the credentials: check WECOM_CORP_ID and WECOM_SECRET (or WECOM_CONTACT_SECRET).',
  'directory.hint.dingtalk.permission':
    'The DingTalk app lacks the permission {permission}: request it in the developer console (`the app → 权限管理`), publish the app version, then run again.',
  'directory.hint.dingtalk.credentials':
    'DingTalk refused the credentials: check DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET.',
  'directory.hint.slack.scope':
    'The Slack app lacks the scope {permission}: add it under OAuth & Permissions, reinstall the app, then run again.',
  'directory.hint.slack.credentials': 'Slack refused the token: check SLACK_BOT_TOKEN.',
  'directory.hint.retry':
    'The platform is busy or unreachable: run the sync again later (nothing was changed).',
  'directory.hint.other':
    'Look the code up in the platform’s error code list, fix the app’s set-up, then run again.',
} satisfies Record<string, string>;

export const directoryZh: Record<keyof typeof directoryEn, string> = {
  'directory.failed': '{platform} 通讯录：调用 {call} 失败，错误码 {code}（{message}）。未做任何更改。',
  'directory.hint.ip':
    '请把本服务器的公网 IP 加入应用的可信 IP（企业微信管理后台：应用管理 → 本应用 → 企业可信IP；钉钉开发者后台：本应用 → 开发管理 → 服务器出口IP），然后重新运行。',
  'directory.hint.wecom.contactSecret':
    'user/list_id 只接受通讯录同步 secret：请把 管理工具 → 通讯录同步 中的 Secret 设为 WECOM_CONTACT_SECRET（不设置则按部门用 user/simplelist 读取）。',
  'directory.hint.wecom.range':
    '应用可能看不到该部门或成员：请在 应用管理 → 本应用 → 可见范围 中加入要同步的部门。',
  'directory.hint.wecom.credentials':
    '企业微信拒绝了凭证：请检查 WECOM_CORP_ID 和 WECOM_SECRET（或 WECOM_CONTACT_SECRET）。',
  'directory.hint.dingtalk.permission':
    '钉钉应用缺少权限 {permission}：请在开发者后台（本应用 → 权限管理）申请，发布应用版本后重新运行。',
  'directory.hint.dingtalk.credentials':
    '钉钉拒绝了凭证：请检查 DINGTALK_CLIENT_ID 和 DINGTALK_CLIENT_SECRET。',
  'directory.hint.slack.scope':
    'Slack 应用缺少权限范围 {permission}：请在 OAuth & Permissions 中添加，重新安装应用后再运行。',
  'directory.hint.slack.credentials': 'Slack 拒绝了令牌：请检查 SLACK_BOT_TOKEN。',
  'directory.hint.retry': '平台繁忙或无法连接：请稍后重新同步（未做任何更改）。',
  'directory.hint.other': '请在平台的错误码列表中查找该错误码，修正应用设置后重新运行。',
};
