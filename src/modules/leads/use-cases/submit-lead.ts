import { decideDuplicate, followUpDeadlines } from '../rules/pool.ts';
import { normalizeCompany, normalizeEmail, normalizePhone } from '../rules/normalize.ts';
import { isSeller, type RoutingExplanation } from '../rules/routing.ts';
import { scoreLead, urgencyOf } from '../rules/scoring.ts';
import { suggestTags, tagSource, tagsToApply } from '../rules/tags.ts';
import type { Lead, LeadFields } from '../../../kernel/types.ts';
import { orgWorkTime, type EngineDeps } from '../../deps.ts';
import type { LeadPatch, Tx } from '../../ports.ts';
import { decideRoute, recordRoute } from './route-lead.ts';
import { notice } from '../../notice-data.ts';
import { routingOrgEachTime, type RoutingOrgReader } from './routing-org.ts';
import { writeNow, type IntakeWrites } from './intake-writes.ts';

export interface SubmitLeadInput {
  fields: LeadFields;
  via: 'api' | 'csv' | 'chat';
  /** Set by CSV import: the same row seen again is recognised and adds nothing. */
  fingerprint?: string;
  actorId?: string | null;
  /**
   * The rep who entered the lead in chat. When the rules keep such leads with their author (routing.ownLeads,
   * default `keep`) and the author receives leads, the lead is theirs at once instead of being routed.
   */
  enteredBy?: string;
}

export type SubmitLeadResult =
  | { kind: 'created'; lead: Lead; explanation: RoutingExplanation; previousLeadId: number | null }
  /** The rep entered it and keeps it (routing.ownLeads = keep): no routing decision was made. */
  | { kind: 'kept'; lead: Lead; previousLeadId: number | null }
  | { kind: 'merged'; lead: Lead; reason: 'OPEN_LEAD' | 'PROTECTED_CUSTOMER' }
  | { kind: 'duplicate'; leadId: number };

/** F38, F1, F3, F6, F2: take a lead in, recognise the customer, score it and route it — one transaction. */
export async function submitLead(deps: EngineDeps, input: SubmitLeadInput): Promise<SubmitLeadResult> {
  const now = deps.clock();
  return deps.store.transaction((tx) => submitLeadInTx(tx, deps, input, now));
}

/**
 * What the leads of one group or batch transaction share (issue 23, item 4): one read of the org, and the writes
 * held for the group's end.
 */
export interface IntakeGroup {
  org: RoutingOrgReader;
  writes: IntakeWrites;
}

/** submitLead inside the caller's transaction; the leads of one group share `group`. */
export async function submitLeadInTx(
  tx: Tx,
  deps: EngineDeps,
  input: SubmitLeadInput,
  now: number,
  group?: IntakeGroup,
): Promise<SubmitLeadResult> {
  const { via } = input;
  const writes = group?.writes ?? writeNow(tx);
  const fingerprint = input.fingerprint ?? null;
  if (fingerprint !== null) {
    const seen = await tx.leads.leadForFingerprint(fingerprint);
    if (seen !== null) return { kind: 'duplicate', leadId: seen };
  }

  const keys = {
    phoneNorm: normalizePhone(input.fields.phone),
    emailNorm: normalizeEmail(input.fields.email),
    companyNorm: normalizeCompany(input.fields.company),
  };
  const decision = decideDuplicate(await tx.leads.findSameCustomer(keys), now, deps.rules);
  const inquiry = {
    at: now,
    via,
    source: input.fields.source,
    campaign: input.fields.campaign,
    fingerprint,
    payload: input.fields,
  };

  if (decision.kind === 'merge') {
    const into = decision.into;
    await tx.leads.addInquiry({ ...inquiry, leadId: into.id });
    // The existing lead keeps what it has; the new inquiry fills what was missing and adds its tags.
    const merged = fillMissing(into, input.fields);
    const breakdown = scoreLead(merged, await tx.leads.inquiryTimes(into.id), deps.rules);
    await tx.leads.update(
      into.id,
      { status: into.status },
      { ...fieldPatch(merged), score: breakdown.total, scoreBreakdown: breakdown },
      now,
    );
    await writes.event({
      type: 'lead.inquiry_merged',
      at: now,
      leadId: into.id,
      actorId: input.actorId ?? null,
      reason: decision.reason,
      source: input.fields.source,
      campaign: input.fields.campaign,
      scoreBefore: into.score,
      scoreAfter: breakdown.total,
      company: input.fields.company,
      contact: input.fields.contact,
      phone: input.fields.phone,
      email: input.fields.email,
      need: input.fields.need,
      budget: input.fields.budget,
    });
    if (into.ownerId !== null) {
      const again = notice({
        to: { kind: 'person', id: into.ownerId },
        template: 'lead.customer_again',
        data: { leadId: into.id, company: into.company, source: input.fields.source },
        leadId: into.id,
      });
      await writes.notices([again], now);
    }
    const lead = (await tx.leads.get(into.id)) as Lead;
    return { kind: 'merged', lead, reason: decision.reason };
  }

  const previousLeadId = decision.kind === 'relink' ? decision.previous.id : null;
  const tagging = smartTags(deps, input.fields);
  const fields =
    tagging === null
      ? input.fields
      : { ...input.fields, tags: [...input.fields.tags, ...tagging.added.map((a) => a.tag)] };
  const breakdown = scoreLead(fields, [now], deps.rules);
  const urgentReason = urgencyOf(fields, now, deps.rules);
  const draft: Omit<Lead, 'id'> = {
    ...fields,
    status: 'pool',
    ownerId: null,
    score: breakdown.total,
    scoreBreakdown: breakdown,
    urgent: urgentReason !== null,
    urgentReason,
    createdAt: now,
    offeredAt: null,
    offerExpiresAt: null,
    claimedAt: null,
    followUpDueAt: null,
    firstTouchAt: null,
    closedAt: null,
    mergedInto: null,
    previousLeadId,
  };
  const keeper = input.enteredBy === undefined ? null : await tx.org.person(input.enteredBy);
  const reader = group?.org ?? routingOrgEachTime(deps);
  // Routed before it is written, so it is inserted offered or pooled at once (issue 23, item 4): the row an
  // insert and then routing's update would leave, one statement fewer.
  const plan =
    keeper !== null && keeper.active && isSeller(keeper, deps.rules) && deps.rules.routing.ownLeads === 'keep'
      ? ({ kind: 'kept', keeper } as const)
      : ({ kind: 'routed', route: await decideRoute(tx, deps, draft, now, reader, true) } as const);
  const id = await tx.leads.insert({
    ...draft,
    ...(plan.kind === 'routed' ? plan.route.patch : {}),
    ...keys,
  });
  await tx.leads.addInquiry({ ...inquiry, leadId: id });
  await writes.event({
    type: 'lead.created',
    at: now,
    leadId: id,
    actorId: input.actorId ?? null,
    source: fields.source,
    campaign: fields.campaign,
    score: breakdown.total,
    urgent: draft.urgent,
    previousLeadId,
    via,
  });
  if (tagging !== null)
    await writes.event({
      type: 'lead.tagged',
      at: now,
      leadId: id,
      actorId: null,
      removed: [],
      ...tagging,
    });
  if (plan.kind === 'kept') {
    const { keeper } = plan;
    const { dueAt, warnAt, clock } = followUpDeadlines(now, deps.rules, await orgWorkTime(tx, deps));
    await tx.leads.update(
      id,
      { status: 'pool' },
      { status: 'owned', ownerId: keeper.id, claimedAt: now, followUpDueAt: dueAt, warnAt },
      now,
    );
    group?.org.moved(null, keeper.id);
    // The reason is the event itself: `via: entered` under the rule routing.ownLeads = keep.
    await writes.event({
      type: 'lead.claimed',
      at: now,
      leadId: id,
      actorId: keeper.id,
      by: keeper.id,
      via: 'entered',
      dueAt,
      clock,
    });
    return { kind: 'kept', lead: (await tx.leads.get(id)) as Lead, previousLeadId };
  }
  const { route } = plan;
  const lead = leadAsStored(id, draft, route.patch);
  await recordRoute(tx, deps, lead, now, route, { reader, writes, isNew: true });
  // The lead as written, not read back (issue 23, item 4).
  return { kind: 'created', lead, explanation: route.explanation, previousLeadId };
}

/**
 * The lead `tx.leads.get(id)` reads after inserting the draft with routing's patch: the same fields in the same
 * order (an answer is serialised as it is), null for what was left out, a patch's undefined leaving a field alone.
 */
function leadAsStored(id: number, draft: Omit<Lead, 'id'>, patch: LeadPatch): Lead {
  const d = { ...draft, ...definedOf(patch) };
  return {
    id,
    company: d.company,
    contact: d.contact,
    phone: d.phone,
    email: d.email,
    industry: d.industry,
    budget: d.budget,
    need: d.need,
    region: d.region,
    source: d.source,
    campaign: d.campaign,
    tags: [...d.tags],
    urgency: d.urgency ?? null,
    trialEndsAt: d.trialEndsAt ?? null,
    status: d.status,
    ownerId: d.ownerId ?? null,
    score: d.score,
    scoreBreakdown: d.scoreBreakdown,
    urgent: d.urgent,
    urgentReason: d.urgentReason ?? null,
    createdAt: d.createdAt,
    offeredAt: d.offeredAt ?? null,
    offerExpiresAt: d.offerExpiresAt ?? null,
    claimedAt: d.claimedAt ?? null,
    followUpDueAt: d.followUpDueAt ?? null,
    firstTouchAt: d.firstTouchAt ?? null,
    closedAt: d.closedAt ?? null,
    mergedInto: d.mergedInto ?? null,
    previousLeadId: d.previousLeadId ?? null,
  };
}

function definedOf(patch: LeadPatch): LeadPatch {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) if (v !== undefined) out[k] = v;
  return out;
}

function fillMissing(lead: Lead, incoming: LeadFields): LeadFields {
  const pick = (a: string, b: string) => (a.trim() !== '' ? a : b);
  return {
    company: pick(lead.company, incoming.company),
    contact: pick(lead.contact, incoming.contact),
    phone: pick(lead.phone, incoming.phone),
    email: pick(lead.email, incoming.email),
    industry: pick(lead.industry, incoming.industry),
    budget: Math.max(lead.budget, incoming.budget),
    need: pick(lead.need, incoming.need),
    region: pick(lead.region, incoming.region),
    source: lead.source,
    campaign: lead.campaign,
    tags: [...new Set([...lead.tags, ...incoming.tags])],
    urgency: lead.urgency ?? incoming.urgency,
    trialEndsAt: lead.trialEndsAt ?? incoming.trialEndsAt,
  };
}

function fieldPatch(f: LeadFields) {
  return {
    company: f.company,
    contact: f.contact,
    phone: f.phone,
    email: f.email,
    industry: f.industry,
    budget: f.budget,
    need: f.need,
    region: f.region,
    tags: f.tags,
    phoneNorm: normalizePhone(f.phone),
    emailNorm: normalizeEmail(f.email),
    companyNorm: normalizeCompany(f.company),
  };
}

/** Smart tags (issue 24 item 4): the org's tags the new lead's company, industry and need suggest. */
function smartTags(deps: EngineDeps, fields: LeadFields) {
  const vocabulary = deps.rules.tags;
  if (deps.segmenter === undefined || vocabulary.list.length === 0) return null;
  const all = suggestTags(fields, deps.segmenter(vocabulary), vocabulary);
  if (all.length === 0) return null;
  const added = tagsToApply(all, fields.tags, vocabulary);
  const suggested = all.filter((s) => !added.includes(s) && !fields.tags.includes(s.tag));
  const entry = (s: (typeof all)[number]) => ({
    tag: s.tag,
    source: tagSource(s),
    word: s.word,
    confidence: s.confidence,
  });
  return { added: added.map(entry), suggested: suggested.map(entry) };
}
