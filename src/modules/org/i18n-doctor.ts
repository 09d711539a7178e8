// Words of `leadline doctor`: one line per check of a messenger's set-up, and what to do when it fails. The
// platforms' console screens are named by their own (Chinese) labels in both languages.
export const doctorEn = {
  'doctor.heading': 'Leadline doctor: checking {what}',
  'doctor.summary.ok': 'Everything checked is in order ({count, plural, one {# check} other {# checks}}).',
  'doctor.summary.fail':
    '{failed} of {count, plural, one {# check} other {# checks}} failed: fix the items marked ✗ and run `npx leadline doctor` again.',
  'doctor.fix': 'what to do: {text}',
  'doctor.messengers.none':
    'No messenger is configured (SLACK_*, WECOM_*, DINGTALK_*): only the playground can be used.',
  'doctor.messengers.noneFix':
    'Set the variables of one messenger (see .env.example and adapters/<platform>/README.md).',
  'doctor.messengers.list': 'Messengers configured: {names}',
  'doctor.env.missing':
    '{platform}: {names} not set (required when {trigger} is set): the server would refuse to start',
  'doctor.env.missingFix': 'Set them (see .env.example and adapters/{folder}/README.md), or unset {trigger}',
  'doctor.env.bad': '{platform}: {name} is not valid ({value})',
  'doctor.publicUrl.ok': 'PUBLIC_URL is {url} (HTTPS)',
  'doctor.publicUrl.missing':
    'PUBLIC_URL is not set: form pages, DingTalk card clicks and callback URLs need it',
  'doctor.publicUrl.missingFix':
    'Set PUBLIC_URL to the HTTPS address people and the platform reach this server at, e.g. https://leadline.example.com',
  'doctor.publicUrl.http':
    'PUBLIC_URL {url} is not HTTPS: the platforms refuse plain-HTTP callback URLs and sign-in pages',
  'doctor.publicUrl.httpFix':
    'Serve Leadline behind TLS (a reverse proxy with a certificate) and set PUBLIC_URL to the https:// address',
  'doctor.publicUrl.bad': 'PUBLIC_URL {url} is not a URL',
  'doctor.playground.off': 'The playground is off',
  'doctor.playground.on':
    'The playground is on (PLAYGROUND=on) next to {names}: it has no login and shows everyone’s chats',
  'doctor.playground.onFix':
    'Remove PLAYGROUND=on (or set PLAYGROUND=off) now that a real messenger is set up',
  'doctor.database.ok': 'Database {url} reachable, migrations up to date ({applied} of {known})',
  'doctor.database.unreachable': 'Database {url} cannot be reached: {message}',
  'doctor.database.unreachableFix':
    'Check DATABASE_URL (postgres://user@host:5432/db or file:./data/leadline.db) and that the database server is running',
  'doctor.database.pending':
    'Database {url}: {pending, plural, one {# migration} other {# migrations}} not applied yet ({applied} of {known})',
  'doctor.database.pendingFix': 'Run `npx leadline migrate` (the server also applies them when it starts)',
  'doctor.database.newer':
    'Database {url} has {applied, plural, one {# migration} other {# migrations}}, this version of Leadline knows {known}: it is older than the database',
  'doctor.database.newerFix': 'Run the Leadline version that last migrated this database, or a newer one',
  'doctor.callback.ok': '{platform}: {url} answers the platform’s verification',
  'doctor.callback.fail': '{platform}: {url} did not answer the platform’s verification ({reason})',
  'doctor.callback.failFix':
    'Make {url} reach this server (DNS, reverse proxy, TLS certificate) with the server running, and the {platform} credentials the same as the server’s',
  'doctor.callback.skipped': '{platform}: callback URL not checked (PUBLIC_URL is not set)',
  'doctor.callback.reachable': '{platform}: {url} is reachable and refuses unsigned calls (HTTP 401)',
  'doctor.slack.unreachable': 'Slack: the Web API could not be reached ({error})',
  'doctor.slack.unreachableFix':
    'Check this server’s outbound HTTPS to slack.com (proxy, firewall), or SLACK_API_URL if it is set',
  'doctor.slack.token.ok': 'Slack: bot token valid (workspace {team}, bot user {user})',
  'doctor.slack.token.fail': 'Slack: auth.test refused the bot token ({error})',
  'doctor.slack.token.failFix':
    'Copy the Bot User OAuth Token (xoxb-…) from the app’s OAuth & Permissions page into SLACK_BOT_TOKEN (reinstall the app if it was revoked)',
  'doctor.slack.scopes.ok': 'Slack: the {count} bot scopes of manifest.yaml are granted',
  'doctor.slack.scopes.missing': 'Slack: bot scopes missing: {missing}',
  'doctor.slack.scopes.missingFix':
    'Add them under OAuth & Permissions → Bot Token Scopes (or paste adapters/slack/manifest.yaml into App Manifest), reinstall the app to the workspace and copy the new token',
  'doctor.slack.scopes.unknown': 'Slack: the answer named no scopes (no x-oauth-scopes header)',
  'doctor.slack.secret.ok': 'Slack: signing secret set',
  'doctor.slack.secret.socket': 'Slack: Socket Mode (SLACK_APP_TOKEN): no signing secret needed',
  'doctor.slack.secret.missing':
    'Slack: SLACK_SIGNING_SECRET is not set (and no SLACK_APP_TOKEN): the server would not start Slack',
  'doctor.slack.secret.missingFix':
    'Copy the Signing Secret from the app’s Basic Information page into SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN for Socket Mode)',
  'doctor.wecom.token.ok': 'WeCom: gettoken works (corpid {corpId}, the app’s secret)',
  'doctor.wecom.token.fail': 'WeCom: gettoken failed: {error}',
  'doctor.wecom.token.failFix':
    'Check WECOM_CORP_ID (`我的企业 → 企业信息 → 企业ID`) and WECOM_SECRET (`应用管理 → the app → Secret`); errcode 60020 means this server’s IP is not in the app’s `企业可信IP`',
  'doctor.wecom.agent.ok':
    'WeCom: app “{name}” (AgentId {agentId}) readable; visible range: departments {parties}, members {users}',
  'doctor.wecom.agent.fail': 'WeCom: agent/get for AgentId {agentId} failed: {error}',
  'doctor.wecom.agent.failFix':
    'Set WECOM_AGENT_ID to the AgentId shown at `应用管理 → the app`, the app whose Secret is WECOM_SECRET',
  'doctor.wecom.range.root':
    'WeCom: the visible range includes the root department (group chats through appchat work)',
  'doctor.wecom.range.notRoot':
    'WeCom: the app’s visible range is not the root department: group chats (appchat/create, appchat/send) are refused',
  'doctor.wecom.range.notRootFix':
    'At `应用管理 → the app → 可见范围`, choose the company itself (the root department), then run `npx leadline wecom create-team-chats`',
  'doctor.wecom.contact.ok': 'WeCom: the contact-sync secret works (user/list_id)',
  'doctor.wecom.contact.unset':
    'WeCom: WECOM_CONTACT_SECRET not set: `org sync wecom` reads the directory department by department',
  'doctor.wecom.contact.fail': 'WeCom: the contact-sync secret does not work: {error}',
  'doctor.wecom.contact.failFix':
    'Copy the Secret at `管理工具 → 通讯录同步` into WECOM_CONTACT_SECRET (not the app’s secret), and add this server’s IP to its `企业可信IP`',
  'doctor.wecom.chats.ok': 'WeCom: {count} team chats exist, created by the app',
  'doctor.wecom.chats.none': 'WeCom: no teams yet: nothing to check for team chats',
  'doctor.wecom.chats.missing': 'WeCom: teams without a group chat made by the app: {teams}',
  'doctor.wecom.chats.missingFix':
    'Run `npx leadline wecom create-team-chats` (it creates each team’s chat through the app; a chat made by hand cannot receive its messages)',
  'doctor.wecom.chats.gone': 'WeCom: the chats of {teams} are unknown to WeCom: {error}',
  'doctor.wecom.chats.skipped': 'WeCom: team chats not checked (the database is not ready)',
  'doctor.dingtalk.token.ok': 'DingTalk: access token works (AppKey {clientId})',
  'doctor.dingtalk.token.fail': 'DingTalk: /v1.0/oauth2/accessToken failed: {error}',
  'doctor.dingtalk.token.failFix':
    'Copy the AppKey and AppSecret (`开发者后台 → the app → 凭证与基础信息`) into DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET',
  'doctor.dingtalk.robot.set': 'DingTalk: robot code {code}',
  'doctor.dingtalk.robot.default':
    'DingTalk: DINGTALK_ROBOT_CODE not set: the AppKey {code} is used as the robot code (right for the app’s own robot)',
  'doctor.dingtalk.card.set':
    'DingTalk: card template {id}: leads are sent as interactive cards with buttons',
  'doctor.dingtalk.card.unset':
    'DingTalk: no DINGTALK_CARD_TEMPLATE_ID: leads are sent as markdown messages, answered by typing or through form links (no buttons)',
  'doctor.dingtalk.card.unsetFix':
    'To get buttons, import adapters/dingtalk/card-template in the card platform (`卡片平台`), publish it and set DINGTALK_CARD_TEMPLATE_ID to its id',
  'doctor.dingtalk.permission.ok': 'DingTalk: permission {permission} granted',
  'doctor.dingtalk.permission.missing':
    'DingTalk: permission {permission} not granted ({call} answered {error})',
  'doctor.dingtalk.permission.missingFix':
    'Request {permission} at `开发者后台 → the app → 权限管理`, then publish a new app version (`版本管理与发布`)',
  'doctor.dingtalk.permission.fail': 'DingTalk: {call} failed: {error}',
  'doctor.dingtalk.stream': 'DingTalk: Stream mode: no callback URL needed',
  'doctor.wecom.domain.ok':
    'WeCom: the app’s trusted domain (`可信域名`) is {domain}, PUBLIC_URL’s host: form pages sign people in with WeCom',
  'doctor.wecom.domain.bad':
    'WeCom: the app’s trusted domain (`可信域名`) is “{domain}”, not PUBLIC_URL’s host {host}: form pages cannot sign people in (WeCom answers 50001 redirect_uri unauthorized)',
  'doctor.wecom.domain.badFix':
    'At `应用管理 → the app → 网页授权及JS-SDK → 设置可信域名`, enter {host} and verify it (put the file WeCom gives at the site’s root); the domain must be ICP-filed (`备案`) and belong to the company',
  'doctor.dingtalk.pages.off':
    'DingTalk: DINGTALK_CORP_ID and DINGTALK_AGENT_ID are not both set: form links open without DingTalk sign-in (`免登`), as a signed one-time link only',
  'doctor.dingtalk.pages.offFix':
    'Set DINGTALK_CORP_ID (`开发者后台` home page → CorpId) and DINGTALK_AGENT_ID (the app → `凭证与基础信息` → AgentId)',
  'doctor.dingtalk.pages.hint':
    'DingTalk: form pages sign people in with DingTalk (`免登`, corp {corpId}); DingTalk has no API to check the app’s web page settings',
  'doctor.dingtalk.pages.hintFix':
    'In `开发者后台` → the app → `应用能力 → 网页应用`, set `应用首页地址` and `PC端首页地址` under {url}, and publish the version',
};

export const doctorZh: Record<keyof typeof doctorEn, string> = {
  'doctor.heading': 'Leadline 体检：检查 {what}',
  'doctor.summary.ok': '检查的各项均正常（共 {count} 项）。',
  'doctor.summary.fail':
    '{count} 项中有 {failed} 项未通过：请修正标 ✗ 的各项后重新运行 `npx leadline doctor`。',
  'doctor.fix': '处理方法：{text}',
  'doctor.messengers.none':
    '未配置任何通讯平台（SLACK_*、WECOM_*、DINGTALK_*）：只能使用试用台（playground）。',
  'doctor.messengers.noneFix':
    '请设置一个通讯平台的变量（见 .env.example 和 adapters/<platform>/README.md）。',
  'doctor.messengers.list': '已配置的通讯平台：{names}',
  'doctor.env.missing': '{platform}：未设置 {names}（设置了 {trigger} 时必需）：服务器将拒绝启动',
  'doctor.env.missingFix':
    '请设置它们（见 .env.example 和 adapters/{folder}/README.md），或取消设置 {trigger}',
  'doctor.env.bad': '{platform}：{name} 无效（{value}）',
  'doctor.publicUrl.ok': 'PUBLIC_URL 为 {url}（HTTPS）',
  'doctor.publicUrl.missing': '未设置 PUBLIC_URL：表单页面、钉钉卡片点击和回调地址都需要它',
  'doctor.publicUrl.missingFix':
    '把 PUBLIC_URL 设为员工和平台访问本服务器的 HTTPS 地址，例如 https://leadline.example.com',
  'doctor.publicUrl.http': 'PUBLIC_URL {url} 不是 HTTPS：平台不接受明文 HTTP 的回调地址和登录页面',
  'doctor.publicUrl.httpFix': '通过 TLS（带证书的反向代理）提供 Leadline，并把 PUBLIC_URL 设为 https:// 地址',
  'doctor.publicUrl.bad': 'PUBLIC_URL {url} 不是有效的网址',
  'doctor.playground.off': '试用台（playground）已关闭',
  'doctor.playground.on': '在 {names} 之外试用台仍开着（PLAYGROUND=on）：它无需登录，能看到所有人的对话',
  'doctor.playground.onFix': '已接入真实通讯平台，请删除 PLAYGROUND=on（或设为 PLAYGROUND=off）',
  'doctor.database.ok': '数据库 {url} 可连接，迁移已是最新（{applied}/{known}）',
  'doctor.database.unreachable': '无法连接数据库 {url}：{message}',
  'doctor.database.unreachableFix':
    '检查 DATABASE_URL（postgres://user@host:5432/db 或 file:./data/leadline.db）以及数据库服务是否在运行',
  'doctor.database.pending': '数据库 {url}：还有 {pending} 个迁移未执行（{applied}/{known}）',
  'doctor.database.pendingFix': '运行 `npx leadline migrate`（服务器启动时也会执行迁移）',
  'doctor.database.newer':
    '数据库 {url} 已有 {applied} 个迁移，而本版本 Leadline 只知道 {known} 个：本版本比数据库旧',
  'doctor.database.newerFix': '请运行最后迁移该数据库的 Leadline 版本或更新的版本',
  'doctor.callback.ok': '{platform}：{url} 正确响应了平台的校验',
  'doctor.callback.fail': '{platform}：{url} 未正确响应平台的校验（{reason}）',
  'doctor.callback.failFix':
    '确保 {url} 能访问到正在运行的本服务器（域名解析、反向代理、TLS 证书），且 {platform} 的凭证与服务器一致',
  'doctor.callback.skipped': '{platform}：未检查回调地址（未设置 PUBLIC_URL）',
  'doctor.callback.reachable': '{platform}：{url} 可访问，并拒绝未签名的请求（HTTP 401）',
  'doctor.slack.unreachable': 'Slack：无法访问 Web API（{error}）',
  'doctor.slack.unreachableFix':
    '检查本服务器访问 slack.com 的出站 HTTPS（代理、防火墙），或已设置的 SLACK_API_URL',
  'doctor.slack.token.ok': 'Slack：机器人令牌有效（工作区 {team}，机器人用户 {user}）',
  'doctor.slack.token.fail': 'Slack：auth.test 拒绝了机器人令牌（{error}）',
  'doctor.slack.token.failFix':
    '从应用的 OAuth & Permissions 页面复制 Bot User OAuth Token（xoxb-…）到 SLACK_BOT_TOKEN（若已被撤销请重新安装应用）',
  'doctor.slack.scopes.ok': 'Slack：manifest.yaml 中的 {count} 个机器人权限均已授予',
  'doctor.slack.scopes.missing': 'Slack：缺少机器人权限：{missing}',
  'doctor.slack.scopes.missingFix':
    '在 OAuth & Permissions → Bot Token Scopes 中添加（或把 adapters/slack/manifest.yaml 粘贴到 App Manifest），重新安装应用到工作区并复制新令牌',
  'doctor.slack.scopes.unknown': 'Slack：响应中没有权限列表（无 x-oauth-scopes 头）',
  'doctor.slack.secret.ok': 'Slack：已设置签名密钥',
  'doctor.slack.secret.socket': 'Slack：Socket Mode（SLACK_APP_TOKEN）：无需签名密钥',
  'doctor.slack.secret.missing':
    'Slack：未设置 SLACK_SIGNING_SECRET（也没有 SLACK_APP_TOKEN）：服务器不会启用 Slack',
  'doctor.slack.secret.missingFix':
    '从应用的 Basic Information 页面复制 Signing Secret 到 SLACK_SIGNING_SECRET（或设置 SLACK_APP_TOKEN 使用 Socket Mode）',
  'doctor.wecom.token.ok': '企业微信：gettoken 成功（企业ID {corpId}，应用 Secret）',
  'doctor.wecom.token.fail': '企业微信：gettoken 失败：{error}',
  'doctor.wecom.token.failFix':
    '检查 WECOM_CORP_ID（我的企业 → 企业信息 → 企业ID）和 WECOM_SECRET（应用管理 → 本应用 → Secret）；错误码 60020 表示本服务器 IP 不在应用的企业可信IP中',
  'doctor.wecom.agent.ok':
    '企业微信：可读取应用“{name}”（AgentId {agentId}）；可见范围：部门 {parties}，成员 {users}',
  'doctor.wecom.agent.fail': '企业微信：读取 AgentId {agentId} 的应用（agent/get）失败：{error}',
  'doctor.wecom.agent.failFix':
    '把 WECOM_AGENT_ID 设为 应用管理 → 本应用 中显示的 AgentId（即 Secret 为 WECOM_SECRET 的那个应用）',
  'doctor.wecom.range.root': '企业微信：可见范围包含根部门（可以使用群聊 appchat）',
  'doctor.wecom.range.notRoot':
    '企业微信：应用的可见范围不是根部门：群聊接口（appchat/create、appchat/send）会被拒绝',
  'doctor.wecom.range.notRootFix':
    '在 应用管理 → 本应用 → 可见范围 中选择整个企业（根部门），然后运行 `npx leadline wecom create-team-chats`',
  'doctor.wecom.contact.ok': '企业微信：通讯录同步 Secret 可用（user/list_id）',
  'doctor.wecom.contact.unset':
    '企业微信：未设置 WECOM_CONTACT_SECRET：`org sync wecom` 将逐个部门读取通讯录',
  'doctor.wecom.contact.fail': '企业微信：通讯录同步 Secret 不可用：{error}',
  'doctor.wecom.contact.failFix':
    '把 管理工具 → 通讯录同步 中的 Secret（不是应用的 Secret）复制到 WECOM_CONTACT_SECRET，并把本服务器 IP 加入其企业可信IP',
  'doctor.wecom.chats.ok': '企业微信：{count} 个团队群聊存在，均由应用创建',
  'doctor.wecom.chats.none': '企业微信：还没有团队：无需检查团队群聊',
  'doctor.wecom.chats.missing': '企业微信：这些团队没有由应用创建的群聊：{teams}',
  'doctor.wecom.chats.missingFix':
    '运行 `npx leadline wecom create-team-chats`（通过应用为每个团队建群；手工建的群收不到应用消息）',
  'doctor.wecom.chats.gone': '企业微信：{teams} 的群聊在企业微信中不存在：{error}',
  'doctor.wecom.chats.skipped': '企业微信：未检查团队群聊（数据库未就绪）',
  'doctor.dingtalk.token.ok': '钉钉：访问令牌可用（AppKey {clientId}）',
  'doctor.dingtalk.token.fail': '钉钉：/v1.0/oauth2/accessToken 失败：{error}',
  'doctor.dingtalk.token.failFix':
    '把 AppKey 和 AppSecret（开发者后台 → 本应用 → 凭证与基础信息）复制到 DINGTALK_CLIENT_ID 和 DINGTALK_CLIENT_SECRET',
  'doctor.dingtalk.robot.set': '钉钉：机器人编码 {code}',
  'doctor.dingtalk.robot.default':
    '钉钉：未设置 DINGTALK_ROBOT_CODE：使用 AppKey {code} 作为机器人编码（适用于应用自带的机器人）',
  'doctor.dingtalk.card.set': '钉钉：卡片模板 {id}：线索以带按钮的互动卡片发送',
  'doctor.dingtalk.card.unset':
    '钉钉：未设置 DINGTALK_CARD_TEMPLATE_ID：线索以 Markdown 消息发送，通过输入文字或表单链接回复（没有按钮）',
  'doctor.dingtalk.card.unsetFix':
    '如需按钮，在卡片平台导入 adapters/dingtalk/card-template 并发布，然后把 DINGTALK_CARD_TEMPLATE_ID 设为其模板 ID',
  'doctor.dingtalk.permission.ok': '钉钉：已开通权限 {permission}',
  'doctor.dingtalk.permission.missing': '钉钉：未开通权限 {permission}（{call} 返回 {error}）',
  'doctor.dingtalk.permission.missingFix':
    '在 开发者后台 → 本应用 → 权限管理 中申请 {permission}，然后发布新版本（版本管理与发布）',
  'doctor.dingtalk.permission.fail': '钉钉：{call} 失败：{error}',
  'doctor.dingtalk.stream': '钉钉：Stream 模式：无需回调地址',
  'doctor.wecom.domain.ok':
    '企业微信：应用的可信域名为 {domain}，与 PUBLIC_URL 的域名一致：表单页面可通过企业微信登录',
  'doctor.wecom.domain.bad':
    '企业微信：应用的可信域名为“{domain}”，不是 PUBLIC_URL 的域名 {host}：表单页面无法通过企业微信登录（企业微信会返回 50001 redirect_uri unauthorized）',
  'doctor.wecom.domain.badFix':
    '在 应用管理 → 本应用 → 网页授权及JS-SDK → 设置可信域名 中填写 {host} 并完成校验（把企业微信给出的校验文件放到网站根目录）；该域名须已备案且属于本企业',
  'doctor.dingtalk.pages.off':
    '钉钉：未同时设置 DINGTALK_CORP_ID 和 DINGTALK_AGENT_ID：表单链接不经钉钉免登，仅为一次性签名链接',
  'doctor.dingtalk.pages.offFix':
    '设置 DINGTALK_CORP_ID（开发者后台首页 → CorpId）和 DINGTALK_AGENT_ID（本应用 → 凭证与基础信息 → AgentId）',
  'doctor.dingtalk.pages.hint':
    '钉钉：表单页面通过钉钉免登确认身份（企业 {corpId}）；钉钉没有接口可检查应用的网页设置',
  'doctor.dingtalk.pages.hintFix':
    '在 开发者后台 → 本应用 → 应用能力 → 网页应用 中，把 应用首页地址 和 PC端首页地址 设为 {url} 下的地址，并发布版本',
};
