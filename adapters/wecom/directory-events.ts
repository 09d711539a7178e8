// WeCom's change_contact callbacks (https://developer.work.weixin.qq.com/document/path/90970 成员变更通知, path/90971
// 部门变更通知): ChangeType create_user / update_user (UserID, NewUserID when the account was renamed) / delete_user,
// create_party / update_party / delete_party (Id). Since 2022-08-15 they carry only ids for new apps, so the member
// or department is fetched again (directory.ts). A delete_party needs nothing: its members' moves come as update_user.
import type { DirectoryChange } from '../directory-events.ts';
import type { XmlFields } from './xml.ts';

export function contactChangeOf(fields: XmlFields): DirectoryChange | null {
  if (fields.MsgType !== 'event' || fields.Event !== 'change_contact') return null;
  const user = fields.UserID ?? '';
  switch (fields.ChangeType) {
    case 'create_user':
    case 'update_user': {
      const renamed = fields.NewUserID ?? '';
      if (user === '' && renamed === '') return null;
      return renamed !== '' && renamed !== user
        ? { kind: 'user', id: renamed, previousId: user }
        : { kind: 'user', id: user };
    }
    case 'delete_user':
      return user === '' ? null : { kind: 'user-left', id: user };
    case 'create_party':
    case 'update_party':
      return (fields.Id ?? '') === '' ? null : { kind: 'department', id: fields.Id as string };
    default:
      return null;
  }
}
