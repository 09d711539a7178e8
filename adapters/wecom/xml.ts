// WeCom's callback XML is flat (`<xml><Tag><![CDATA[…]]></Tag>…</xml>`), so a tiny extraction does instead of an
// XML parser: each leaf element's text or CDATA, first occurrence wins; elements that contain elements
// (e.g. a vote card's SelectedItems) are skipped, their leaves are read. No entities beyond the five XML ones.
export type XmlFields = Record<string, string>;

const LEAF = /<([A-Za-z_][\w.-]*)>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\1>/g;

function unescape(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

export function parseXmlFields(xml: string): XmlFields {
  const out: XmlFields = {};
  for (const m of xml.matchAll(LEAF)) {
    const tag = m[1] as string;
    if (tag in out) continue;
    out[tag] = m[2] ?? unescape(m[3] ?? '');
  }
  return out;
}

/** What a message or event to the app says, in our words. */
export interface WecomInbound {
  from: string;
  /** Our de-duplication key: MsgId, or for events (which have none) sender + time + what was clicked. */
  key: string;
  agentId: string | null;
  msgType: string;
  content: string | null;
  event: string | null;
  eventKey: string | null;
  taskId: string | null;
  responseCode: string | null;
  /** A location message the person sent (Location_X latitude, Location_Y longitude; GCJ-02). */
  location: { lat: number; lng: number } | null;
  /** Image, voice and file messages: the temporary media to fetch with media/get (valid 3 days). */
  mediaId: string | null;
  /** File messages: the name the member's file had. */
  fileName: string | null;
  /** Every field as sent (directory events, change_contact, read their own: directory-events.ts). */
  raw?: XmlFields;
}

export function toInbound(fields: XmlFields): WecomInbound | null {
  const from = fields.FromUserName;
  const msgType = fields.MsgType;
  if (from === undefined || from === '' || msgType === undefined) return null;
  const event = fields.Event ?? null;
  const key =
    fields.MsgId !== undefined && fields.MsgId !== ''
      ? `msg:${fields.MsgId}`
      : ['ev', from, fields.CreateTime ?? '', event ?? '', fields.EventKey ?? '', fields.TaskId ?? ''].join(
          ':',
        );
  return {
    from,
    key,
    agentId: fields.AgentID ?? null,
    msgType,
    content: fields.Content ?? null,
    event,
    eventKey: fields.EventKey ?? null,
    taskId: fields.TaskId ?? null,
    responseCode: fields.ResponseCode ?? null,
    location:
      msgType === 'location' && fields.Location_X !== undefined && fields.Location_Y !== undefined
        ? { lat: Number(fields.Location_X), lng: Number(fields.Location_Y) }
        : null,
    mediaId: fields.MediaId ?? null,
    fileName: fields.FileName ?? fields.Title ?? null,
    raw: fields,
  };
}

// Used by tests (posing as WeCom) and by a future passive reply: the XML shape lives in one file.
export function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

export function envelope(fields: Record<string, string>): string {
  return `<xml>${Object.entries(fields)
    .map(([k, v]) => `<${k}>${cdata(v)}</${k}>`)
    .join('')}</xml>`;
}
