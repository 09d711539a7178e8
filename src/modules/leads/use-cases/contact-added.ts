// Issue 24 item 8: a rep added a customer on WeChat through WeCom (客户联系). The contact is linked to the rep's lead
// by the phone in its remark; a phone on another rep's lead tells both reps and their managers and links nothing;
// no match offers the rep their open leads to link with one tap. A link counts as a follow-up.
import type { Lead } from '../../../kernel/types.ts';
import type { EngineDeps } from '../../deps.ts';
import { notice } from '../../notice-data.ts';
import type { Tx } from '../../ports.ts';
import { matchContact, phoneHint, remarkPhones } from '../rules/contact-match.ts';
import { touchIn } from './touch-lead.ts';

/** Customer names are WeChat nicknames or remarks: shown and stored, so bounded. */
const MAX_NAME = 64;
/** WeCom's external_userid is 32 characters; anything else is not one (a forged button). */
const EXTERNAL_ID = /^[\w-]{1,64}$/;
/** Open leads offered on the "link it to…" card (WeCom cards take 6 buttons). */
export const LINK_CHOICES = 5;

export interface ContactAdded {
  platform: 'wecom';
  /** The member who added the customer (the callback's UserID). */
  memberId: string;
  externalUserId: string;
  /** The contact's remark (备注) if the rep wrote one, else its WeChat name. */
  name: string;
  /** The remark phones (remark_mobiles) the rep wrote for this contact. */
  mobiles: readonly string[];
  /** The callback's own key: a retried callback (same key) changes nothing. */
  key: string;
  /**
   * The rep edited the contact's remark later (edit_external_contact) rather than adding it: a phone now matching
   * links as an add does, but what was already said is not said again and no card of leads is sent a second time.
   */
  edited?: boolean;
}

export type ContactAddedResult =
  | { kind: 'duplicate' | 'unknown_member' | 'bad_contact' }
  | { kind: 'linked' | 'already_linked'; leadId: number }
  | { kind: 'elsewhere'; leadId: number; ownerId: string }
  | { kind: 'offered'; leadIds: number[] };

export function contactName(raw: string): string {
  const name = raw.replace(/\s+/g, ' ').trim().slice(0, MAX_NAME);
  return name === '' ? '-' : name;
}

export async function contactAdded(deps: EngineDeps, input: ContactAdded): Promise<ContactAddedResult> {
  const now = deps.clock();
  if (!EXTERNAL_ID.test(input.externalUserId)) return { kind: 'bad_contact' };
  const name = contactName(input.name);
  return deps.store.transaction(async (tx): Promise<ContactAddedResult> => {
    // Recorded in the same transaction as what it does: a retry after a crash finds nothing done and does it.
    if (!(await tx.inbound.firstTime(input.platform, input.key, now))) return { kind: 'duplicate' };
    const rep = await tx.org.personByIdentity(input.platform, input.memberId);
    if (rep === null || !rep.active) return { kind: 'unknown_member' };
    const phones = remarkPhones(input.mobiles);
    const candidates = new Map<number, Lead>();
    for (const phone of phones)
      for (const lead of await tx.leads.findSameCustomer({
        phoneNorm: phone,
        emailNorm: '',
        companyNorm: '',
      }))
        candidates.set(lead.id, lead);
    const match = matchContact(rep.id, phones, [...candidates.values()]);
    const contact = { externalUserId: input.externalUserId, name };
    if (match.kind === 'own') {
      const how = { via: 'remark_mobiles' as const, reason: match.reason, phone: phoneHint(match.phone) };
      const r = await linkIn(tx, deps, rep.id, match.lead, contact, how, now);
      return { kind: r, leadId: match.lead.id };
    }
    if (match.kind === 'elsewhere') {
      const ownerId = match.lead.ownerId as string;
      if (input.edited === true && (await toldBefore(tx, match.lead.id, rep.id, input.externalUserId)))
        return { kind: 'elsewhere', leadId: match.lead.id, ownerId };
      await tx.events.append({
        type: 'lead.contact_elsewhere',
        at: now,
        leadId: match.lead.id,
        actorId: rep.id,
        by: rep.id,
        owner: ownerId,
        platform: input.platform,
        externalUserId: input.externalUserId,
        name,
        reason: match.reason,
        phone: phoneHint(match.phone),
      });
      const data = {
        leadId: match.lead.id,
        name,
        adderId: rep.id,
        ownerId,
        reason: match.reason,
        phone: phoneHint(match.phone),
      };
      for (const to of await peopleToTell(tx, [rep.id, ownerId])) {
        const part = to === rep.id ? 'adder' : to === ownerId ? 'owner' : 'manager';
        await tx.outbox.enqueue(
          notice({
            to: { kind: 'person', id: to },
            template: 'lead.contact_elsewhere',
            data: { ...data, part },
            leadId: match.lead.id,
          }),
          now,
        );
      }
      return { kind: 'elsewhere', leadId: match.lead.id, ownerId };
    }
    if (input.edited === true) return { kind: 'offered', leadIds: [] };
    const open = (await tx.leads.heldBy(rep.id))
      .filter((l) => l.status === 'owned')
      .sort((a, b) => (b.claimedAt ?? 0) - (a.claimedAt ?? 0) || b.id - a.id)
      .slice(0, LINK_CHOICES);
    await tx.outbox.enqueue(
      notice({
        to: { kind: 'person', id: rep.id },
        template: 'lead.contact_unlinked',
        data: {
          externalUserId: input.externalUserId,
          name,
          reason: match.reason,
          phones: phones.map(phoneHint),
          leads: open.map((l) => ({ id: l.id, company: l.company })),
        },
      }),
      now,
    );
    return { kind: 'offered', leadIds: open.map((l) => l.id) };
  });
}

export type LinkResult =
  | { kind: 'linked' | 'already_linked'; leadId: number }
  | { kind: 'rejected'; reason: 'NOT_FOUND' | 'NOT_YOURS' | 'BAD_CONTACT' };

/** The rep's tap on "link to lead N" (the card of an unmatched contact). */
export async function linkContact(
  deps: EngineDeps,
  input: { personId: string; leadId: number; externalUserId: string; name: string },
): Promise<LinkResult> {
  const now = deps.clock();
  if (!EXTERNAL_ID.test(input.externalUserId)) return { kind: 'rejected', reason: 'BAD_CONTACT' };
  return deps.store.transaction(async (tx): Promise<LinkResult> => {
    const lead = await tx.leads.get(input.leadId);
    if (lead === null) return { kind: 'rejected', reason: 'NOT_FOUND' };
    if (lead.status !== 'owned' || lead.ownerId !== input.personId)
      return { kind: 'rejected', reason: 'NOT_YOURS' };
    const contact = { externalUserId: input.externalUserId, name: contactName(input.name) };
    const how = { via: 'tap' as const, reason: 'tap', phone: '' };
    const kind = await linkIn(tx, deps, input.personId, lead, contact, how, now);
    return { kind, leadId: lead.id };
  });
}

/** Links once: the same contact on the same lead again (a second tap, a re-add) changes nothing. */
async function linkIn(
  tx: Tx,
  deps: EngineDeps,
  personId: string,
  lead: Lead,
  contact: { externalUserId: string; name: string },
  how: { via: 'remark_mobiles' | 'tap'; reason: string; phone: string },
  now: number,
): Promise<'linked' | 'already_linked'> {
  const before = await tx.events.forLeads([lead.id], ['lead.contact_linked']);
  if (before.some((e) => e.type === 'lead.contact_linked' && e.externalUserId === contact.externalUserId))
    return 'already_linked';
  await tx.events.append({
    type: 'lead.contact_linked',
    at: now,
    leadId: lead.id,
    actorId: personId,
    by: personId,
    platform: 'wecom',
    ...contact,
    ...how,
  });
  // Adding the customer on WeChat is a follow-up: it stops the no-follow-up clock like a logged message.
  await touchIn(
    tx,
    deps,
    { personId, leadId: lead.id, kind: 'message', note: `WeCom: ${contact.name}` },
    now,
  );
  if (how.via === 'remark_mobiles')
    await tx.outbox.enqueue(
      notice({
        to: { kind: 'person', id: personId },
        template: 'lead.contact_linked',
        data: { leadId: lead.id, name: contact.name, reason: how.reason, phone: how.phone },
        leadId: lead.id,
      }),
      now,
    );
  return 'linked';
}

/** Whether this rep's adding this customer was already reported on this lead. */
async function toldBefore(tx: Tx, leadId: number, by: string, externalUserId: string): Promise<boolean> {
  const before = await tx.events.forLeads([leadId], ['lead.contact_elsewhere']);
  return before.some(
    (e) => e.type === 'lead.contact_elsewhere' && e.by === by && e.externalUserId === externalUserId,
  );
}

/** These people and the managers of their teams, each once. */
async function peopleToTell(tx: Tx, ids: readonly string[]): Promise<string[]> {
  const out = [...new Set(ids)];
  for (const id of ids) {
    const p = await tx.org.person(id);
    const manager = p?.teamId ? (await tx.org.team(p.teamId))?.managerId : null;
    if (manager && !out.includes(manager)) out.push(manager);
  }
  return out;
}
