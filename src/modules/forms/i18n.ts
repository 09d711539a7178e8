// Words of the signed mobile form pages (WeCom/DingTalk have no modals) and of evidence sent as a separate
// message (a photo after `证据 D12`), in English and Chinese.
export const mformsEn = {
  'mform.open': 'Open the form',
  'mform.openHint':
    'Tap to fill it in on your phone. The link is yours alone and works once, for {minutes, plural, one {# minute} other {# minutes}}.',
  'mform.openHint.browser':
    'Opens in your browser: on your phone it takes your position and photos from the camera. The link is yours alone and works once, for {minutes, plural, one {# minute} other {# minutes}}.',
  'mform.required': 'required',
  'mform.choose': 'Choose…',
  'mform.missing': '{label} is required',
  'mform.notNumber': '{label}: expected a number',
  'mform.done.title': 'Sent',
  'mform.done.body': 'The answer is also in your chat. You can close this page.',
  'mform.bad.title': 'This link does not work',
  'mform.bad.BAD_SIGNATURE': 'The link is damaged or was not made by Leadline. Nothing was changed.',
  'mform.bad.EXPIRED': 'The link has expired. Nothing was changed.',
  'mform.bad.USED': 'This form was already sent with this link. Nothing was changed a second time.',
  'mform.bad.UNKNOWN_FORM': 'This form is no longer available. Nothing was changed.',
  'mform.bad.UNLINKED':
    'Your chat account is not linked to a person in Leadline any more. Nothing was changed.',
  'mform.place.button': 'Use my position',
  'mform.place.none': 'No position yet.',
  'mform.place.asking': 'Getting your position…',
  'mform.place.got': 'Position taken: ±{accuracy} m at {time}.',
  'mform.place.denied': 'The position could not be taken ({reason}). The report will say “no position”.',
  'mform.place.noScript': 'Your browser runs no scripts here: the visit is logged with no position.',
  'mform.files.none': 'No file chosen.',
  'mform.files.chosen': '{count, plural, one {# file} other {# files}} chosen.',
  'mform.sending': 'Sending…',
  'mform.body.TOO_LARGE':
    'The files are too large together (at most {total} MB per submission). Nothing was saved.',
  'mform.body.FILE_TOO_LARGE': 'A file is larger than {file} MB. Nothing was saved.',
  'mform.body.TOO_MANY_FILES': 'Too many files: at most {files} per submission. Nothing was saved.',
  'mform.body.TOO_MANY_FIELDS': 'The form sent too many fields. Nothing was saved.',
  'mform.body.MALFORMED': 'The form could not be read. Nothing was saved; please send it again.',
  'mform.body.again': 'Choose the files again and send.',
  'mform.bad.next':
    'To get a fresh link, tap the button on the card again (for a new lead: send “new” to the bot again).',
  'mform.noPublicUrl':
    'Forms open as web pages, but this server has no PUBLIC_URL yet: ask your admin to set it.',
  'mform.bad.FOREIGN':
    'This link was sent to someone else: it opens only for the person it was sent to. Nothing was changed.',
  'mform.bad.SIGNIN':
    'Signing in through the messenger failed, or this sign-in was already used. Nothing was changed: open the link again from the chat.',
  'mform.signin.title': 'Signing in…',
  'mform.signin.body':
    'Leadline is checking who you are through DingTalk. If nothing happens, open this link from DingTalk on your phone.',
  'evidence.sendNow':
    'Now send the photo or file for D{id}{req} (within {minutes, plural, one {# minute} other {# minutes}}).',
  'evidence.sendNow.req': ' ({label})',
  'voice.noTranscript':
    'WeCom sends voice messages without a transcript, so I cannot read them. Dictate instead: tap the message box, press the microphone key on your phone’s keyboard (its voice input), speak, check the text and send it, e.g. `report visited Huadong Hospital, they find the price too high` or `evidence D12 …`.',
  'voice.pending':
    'Slack is still transcribing your voice clip. I will act on it as soon as the transcript is ready.',
  'voice.noSlackTranscript':
    'Slack made no transcript of this voice clip, so it was not read. Please type it instead, e.g. `evidence D12 …`.',
  'media.video':
    'Videos cannot be filed as evidence. Send a photo instead (for a document: a photo of each page).',
  'media.link':
    'Links are not read as evidence. Send a photo, or type the command instead, e.g. `evidence D12 …`.',
  'chat.sentPrivately': '{name} — the answer was sent to you in a private chat.',
  'chat.privateFailed':
    '{name} — the answer is for you alone but could not be sent to you privately: open a chat with the bot and ask there.',
  'modal.close': 'OK',
  'chat.tooLong': 'Your message was longer than {max} characters: only its first {max} were read.',
  'chat.controlChar':
    'Your {field} holds a control character ({char}) that cannot be stored: nothing was done. Please send it again without it.',
  'chat.field.text': 'message',
} satisfies Record<string, string>;

export const mformsZh: Record<keyof typeof mformsEn, string> = {
  'mform.open': '打开表单填写',
  'mform.openHint': '点击在手机上填写。此链接仅限本人使用一次，{minutes} 分钟内有效。',
  'mform.openHint.browser':
    '在浏览器中打开：在手机上打开可获取你的位置并用相机拍照。此链接仅限本人使用一次，{minutes} 分钟内有效。',
  'mform.required': '必填',
  'mform.choose': '请选择…',
  'mform.missing': '请填写{label}',
  'mform.notNumber': '{label}：请输入数字',
  'mform.done.title': '已提交',
  'mform.done.body': '处理结果也已发到你的聊天窗口。可以关闭此页面。',
  'mform.bad.title': '此链接无法使用',
  'mform.bad.BAD_SIGNATURE': '链接已损坏或并非由 Leadline 生成。未做任何更改。',
  'mform.bad.EXPIRED': '链接已过期。未做任何更改。',
  'mform.bad.USED': '此链接的表单已经提交过，不会重复处理。',
  'mform.bad.UNKNOWN_FORM': '此表单已不可用。未做任何更改。',
  'mform.bad.UNLINKED': '你的聊天账号已不再关联 Leadline 中的人员。未做任何更改。',
  'mform.place.button': '获取我的位置',
  'mform.place.none': '尚未获取位置。',
  'mform.place.asking': '正在获取位置…',
  'mform.place.got': '已获取位置：精度 ±{accuracy} 米，时间 {time}。',
  'mform.place.denied': '无法获取位置（{reason}）。日报将注明“无位置”。',
  'mform.place.noScript': '此页面无法运行脚本：拜访将记为“无位置”。',
  'mform.files.none': '未选择文件。',
  'mform.files.chosen': '已选择 {count} 个文件。',
  'mform.sending': '正在提交…',
  'mform.body.TOO_LARGE': '文件总大小超出限制（每次最多 {total} MB），未保存任何内容。',
  'mform.body.FILE_TOO_LARGE': '有文件超过 {file} MB，未保存任何内容。',
  'mform.body.TOO_MANY_FILES': '文件太多：每次最多 {files} 个，未保存任何内容。',
  'mform.body.TOO_MANY_FIELDS': '表单字段过多，未保存任何内容。',
  'mform.body.MALFORMED': '无法读取表单，未保存任何内容，请重新提交。',
  'mform.body.again': '请重新选择文件后提交。',
  'mform.bad.next': '如需新的链接，请再次点击卡片上的按钮（新建线索：再向机器人发送“新线索”）。',
  'mform.noPublicUrl': '表单以网页形式打开，但服务器尚未设置 PUBLIC_URL：请联系管理员设置。',
  'mform.bad.FOREIGN': '此链接是发给其他人的，只有收到链接的本人才能打开。未做任何更改。',
  'mform.bad.SIGNIN':
    '通过企业微信或钉钉登录失败，或这次登录已被使用过。未做任何更改：请从聊天中重新打开链接。',
  'mform.signin.title': '正在登录…',
  'mform.signin.body': '正在通过钉钉确认你的身份。如果一直没有反应，请在手机钉钉中打开此链接。',
  'evidence.sendNow': '请现在发送 D{id} 的照片或文件{req}（{minutes} 分钟内）。',
  'evidence.sendNow.req': '（{label}）',
  'voice.noTranscript':
    '企业微信的语音消息没有文字转写，我读不到。请改用键盘的语音输入：点开输入框，按手机键盘上的麦克风键说话，核对转出的文字后发送，例如 `日报 拜访了华东医院，客户觉得价格太高` 或 `证据 D12 …`。',
  'voice.pending': 'Slack 还在转写你的语音，转写完成后我会马上处理。',
  'voice.noSlackTranscript':
    'Slack 没有生成这段语音的文字，因此没有读取。请改为输入文字，例如 `证据 D12 …`。',
  'media.video': '视频无法作为证据归档。请改发照片（文件请逐页拍照发送）。',
  'media.link': '链接不会被当作证据读取。请发送照片，或直接输入命令，例如 `证据 D12 …`。',
  'chat.sentPrivately': '{name} 答复已通过单聊发给你。',
  'chat.privateFailed': '{name} 答复仅供你本人查看，但未能通过单聊发给你：请打开与机器人的单聊后再问一次。',
  'modal.close': '知道了',
  'chat.tooLong': '消息超过 {max} 个字符：只读取了前 {max} 个字符。',
  'chat.controlChar': '你的{field}中含有无法保存的控制字符（{char}），未做任何操作。请去掉后重新发送。',
  'chat.field.text': '消息',
};
