// `leadline wecom create-team-chats`: a WeCom group chat for each team, made by the app itself. appchat/send
// reaches only chats the app created with appchat/create, and only when the app's visible range is the root
// department (https://developer.work.weixin.qq.com/document/path/90244); a chat id typed by hand is refused
// (86003). appchat/create takes 2–2000 members and the owner among them (path/90245).
import type { Person, Team } from '../../src/kernel/types.ts';
import type { Store } from '../../src/modules/ports.ts';
import type { WecomApi } from './api.ts';
import { clip } from './render.ts';

/** The setting that remembers the chat this command created for a team (so a second run keeps it). */
export const createdKey = (teamId: string) => `wecom.appchat.${teamId}`;

export interface TeamChatOutcome {
  team: string;
  action: 'created' | 'would create' | 'kept' | 'skipped';
  chatid?: string;
  /** A chat id that was set by hand and is replaced (the app cannot post to it). */
  replaced?: string;
  members: number;
  reason?: string;
}

export async function createTeamChats(
  deps: { store: Store; api: WecomApi; clock: () => number },
  options: { dryRun: boolean },
): Promise<TeamChatOutcome[]> {
  const { teams, people, created } = await deps.store.transaction(async (tx) => {
    const all = await tx.org.teams();
    const made = new Map<string, string | null>();
    for (const team of all) made.set(team.id, await tx.settings.get(createdKey(team.id)));
    return { teams: all, people: await tx.org.people(), created: made };
  });
  const out: TeamChatOutcome[] = [];
  for (const team of teams) {
    const current = team.channels.wecom;
    const { owner, userlist } = membersOf(team, people);
    const base = { team: team.id, members: userlist.length };
    if (current !== undefined && current === created.get(team.id)) {
      out.push({ ...base, action: 'kept', chatid: current });
      continue;
    }
    const reason =
      owner === null
        ? 'the team has no manager with a WeCom identity to own the chat'
        : userlist.length < 2 || userlist.length > 2000
          ? `a WeCom group chat takes 2 to 2000 members; this team has ${userlist.length} with a WeCom identity`
          : null;
    if (reason !== null) {
      out.push({ ...base, action: 'skipped', reason });
      continue;
    }
    const replaced = current === undefined ? {} : { replaced: current };
    if (options.dryRun) {
      out.push({ ...base, ...replaced, action: 'would create' });
      continue;
    }
    const answer = await deps.api.post('appchat/create', {
      name: clip(team.name, 50),
      owner,
      userlist,
    });
    const chatid = String(answer.chatid);
    await deps.store.transaction(async (tx) => {
      await tx.org.upsertTeam({ ...team, channels: { ...team.channels, wecom: chatid } }, deps.clock());
      await tx.settings.set(createdKey(team.id), chatid);
    });
    out.push({ ...base, ...replaced, action: 'created', chatid });
  }
  return out;
}

/** The team's active people with a WeCom identity, the manager first (the owner). */
function membersOf(team: Team, people: readonly Person[]): { owner: string | null; userlist: string[] } {
  const manager = people.find((p) => p.id === team.managerId && p.active);
  const owner = manager?.identities.wecom ?? null;
  const ids = people
    .filter((p) => p.active && p.teamId === team.id)
    .map((p) => p.identities.wecom)
    .filter((id): id is string => id !== undefined && id !== '');
  const userlist = [...new Set([...(owner === null ? [] : [owner]), ...ids])];
  return { owner, userlist };
}

export function describeOutcome(o: TeamChatOutcome): string {
  const was = o.replaced === undefined ? '' : ` (replaces ${o.replaced}, which the app did not create)`;
  switch (o.action) {
    case 'created':
      return `${o.team}: created group chat ${o.chatid ?? ''} with ${o.members} members${was}`;
    case 'would create':
      return `${o.team}: would create a group chat with ${o.members} members${was}`;
    case 'kept':
      return `${o.team}: keeps group chat ${o.chatid ?? ''} (created by this command before)`;
    case 'skipped':
      return `${o.team}: skipped: ${o.reason ?? ''}`;
  }
}
