// WeCom customer contacts (客户联系) → leads (issue 24 item 8). When a rep adds a customer on WeChat, WeCom calls
// back 添加企业客户事件 (https://developer.work.weixin.qq.com/document/path/92130, twin pages path/96361 and
// path/92277): Event=change_external_contact, ChangeType=add_external_contact, FromUserName "sys", UserID (the
// member), ExternalUserID, State, WelcomeCode — ids only; edit_external_contact likewise when the remark changes. The contact itself is read with 获取客户详情
// (GET externalcontact/get, https://developer.work.weixin.qq.com/document/path/92114): external_contact (name, …)
// and follow_user[] (each member who added them: userid, remark, remark_mobiles, add_way, createtime, …), paged
// with next_cursor past 500 members. Then one engine call; the notices go out through the outbox.
import type { EngineDeps } from '../../src/modules/deps.ts';
import { contactAdded, type ContactAddedResult } from '../../src/modules/leads/use-cases/contact-added.ts';
import { MAX_REMARK_MOBILES } from '../../src/modules/leads/rules/contact-match.ts';
import { WecomApiError, type WecomApi } from './api.ts';
import type { XmlFields } from './xml.ts';
import { log } from '../../src/log.ts';

export interface ContactAdd {
  userId: string;
  externalUserId: string;
  /** edit_external_contact (the remark changed) rather than add_external_contact. */
  edited: boolean;
  /** Ours, for de-duplication: WeCom retries a callback with the same fields (FromUserName is always "sys", so
   * sender + time alone would make two reps' adds in one second one event). */
  key: string;
}

/** The add_external_contact event, or null for any other callback. */
export function contactAddOf(fields: XmlFields): ContactAdd | null {
  if (fields.MsgType !== 'event' || fields.Event !== 'change_external_contact') return null;
  // 编辑企业客户事件 (same pages): the remark or tags changed — "仅修改外部联系人备注手机号时不会触发回调", so a phone
  // written later arrives only with another change to the remark; it is matched as an add is.
  const edited = fields.ChangeType === 'edit_external_contact';
  if (fields.ChangeType !== 'add_external_contact' && !edited) return null;
  const userId = fields.UserID ?? '';
  const externalUserId = fields.ExternalUserID ?? '';
  if (userId === '' || externalUserId === '') return null;
  return {
    userId,
    externalUserId,
    edited,
    key: `xc:${edited ? 'e' : 'a'}:${userId}:${externalUserId}:${fields.CreateTime ?? ''}`.slice(0, 200),
  };
}

/** What we read of one contact for one member: the remark the member gave it, else its name, and the phones. */
export interface ContactDetail {
  name: string;
  mobiles: string[];
}

/** 84061: "不存在外部联系人的关系" (全局错误码, https://developer.work.weixin.qq.com/document/path/90313): the
 * customer was deleted again, or the id is not a customer of the company. */
export const NO_SUCH_CONTACT = 84061;
/** 48002 "API接口无权限调用" (path/90313): the app is not in 「客户联系 - 可调用接口的应用」. */
const API_FORBIDDEN = 48002;
/** A customer with more than this many follow_user pages (500 members each) is not read further. */
const MAX_PAGES = 20;

const str = (v: unknown, max: number): string => (typeof v === 'string' ? v.slice(0, max) : '');

/** externalcontact/get, page by page until the member's own follow_user entry is found; null when there is none. */
export async function contactDetail(
  api: WecomApi,
  externalUserId: string,
  userId: string,
): Promise<ContactDetail | null> {
  let cursor = '';
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await api.get('externalcontact/get', {
      external_userid: externalUserId,
      ...(cursor === '' ? {} : { cursor }),
    });
    const contact = (res.external_contact ?? {}) as Record<string, unknown>;
    const follows = Array.isArray(res.follow_user) ? (res.follow_user as Array<Record<string, unknown>>) : [];
    const mine = follows.find((f) => f.userid === userId);
    if (mine !== undefined) {
      const mobiles = Array.isArray(mine.remark_mobiles) ? mine.remark_mobiles : [];
      return {
        name: str(mine.remark, 100) || str(contact.name, 100),
        mobiles: mobiles
          .slice(0, MAX_REMARK_MOBILES)
          .map((m) => str(m, 40))
          .filter((m) => m !== ''),
      };
    }
    cursor = str(res.next_cursor, 512);
    if (cursor === '') return null;
  }
  return null;
}

/** One add_external_contact callback, start to end. */
export async function applyContactAdd(
  engine: EngineDeps,
  api: WecomApi,
  add: ContactAdd,
): Promise<ContactAddedResult | null> {
  let detail: ContactDetail | null;
  try {
    detail = await contactDetail(api, add.externalUserId, add.userId);
  } catch (err) {
    if (err instanceof WecomApiError && err.details.errcode === NO_SUCH_CONTACT) {
      log({ platform: 'wecom' }).info(`wecom: customer ${add.externalUserId} of ${add.userId} is gone again`);
      return null;
    }
    if (err instanceof WecomApiError && err.details.errcode === API_FORBIDDEN)
      throw new Error(
        'wecom: the app may not read customers (48002): add it to 客户联系 → API → 可调用接口的应用 (adapters/wecom/README.md)',
        { cause: err },
      );
    throw err;
  }
  // The member no longer follows the contact (deleted in the meantime): nothing to link.
  if (detail === null) return null;
  return contactAdded(engine, {
    platform: 'wecom',
    memberId: add.userId,
    externalUserId: add.externalUserId,
    name: detail.name,
    mobiles: detail.mobiles,
    key: add.key,
    edited: add.edited,
  });
}
