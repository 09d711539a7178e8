// What DingTalk refuses in a robot message (oToMessages/batchSend, groupMessages/send), written from "企业机器人发送消息的
// 消息类型" (https://open.dingtalk.com/document/orgapp/types-of-messages-sent-by-robots), so that the test fake refuses it
// and a property test can run every card through it. Pure. Each msgKey takes a JSON string `msgParam` with these
// fields; sampleFile takes xlsx, pdf, zip, rar, doc and docx only. The page names no length limits for markdown, so
// none is checked here (our renderer keeps text short anyway: render.ts LIMITS).
const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  sampleText: ['content'],
  sampleMarkdown: ['title', 'text'],
  sampleImageMsg: ['photoURL'],
  sampleLink: ['text', 'title', 'picUrl', 'messageUrl'],
  sampleActionCard: ['title', 'text', 'singleTitle', 'singleURL'],
  sampleAudio: ['mediaId', 'duration'],
  sampleFile: ['mediaId', 'fileName', 'fileType'],
  sampleVideo: ['duration', 'videoMediaId', 'videoType', 'picMediaId'],
};
const FILE_TYPES = new Set(['xlsx', 'pdf', 'zip', 'rar', 'doc', 'docx']);

/** The problems of a robot message's msgKey and msgParam (empty: DingTalk takes it). */
export function robotMessageProblems(msgKey: unknown, msgParam: unknown): string[] {
  const key = typeof msgKey === 'string' ? msgKey : '';
  const required = REQUIRED[key];
  if (required === undefined) return [`msgKey ${JSON.stringify(key)} is not a robot message type`];
  if (typeof msgParam !== 'string') return ['msgParam must be a JSON string'];
  let param: unknown;
  try {
    param = JSON.parse(msgParam);
  } catch {
    return ['msgParam is not JSON'];
  }
  if (typeof param !== 'object' || param === null || Array.isArray(param))
    return ['msgParam is not an object'];
  const fields = param as Record<string, unknown>;
  const present = (v: unknown) => (typeof v === 'string' && v.trim() !== '') || typeof v === 'number';
  const problems = required.filter((f) => !present(fields[f])).map((f) => `${key}.${f} is missing or empty`);
  if (key === 'sampleFile' && !FILE_TYPES.has(String(fields.fileType)))
    problems.push(
      `sampleFile.fileType ${JSON.stringify(fields.fileType)}: xlsx, pdf, zip, rar, doc or docx only`,
    );
  return problems;
}
