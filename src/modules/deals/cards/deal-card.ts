// The deal card (`deal ID`): stage, evidence in and missing, health, time in stage, and what to do next.
import { pastCaseLines, riskMarkLines } from './past-cases.ts';
import { daysInStage, type HealthDetail, type KpChange } from '../rules/deals.ts';
import type { EvidenceRequirement, Pipeline, Stage } from '../rules/deal-rules.ts';
import type { DealView } from '../use-cases/deal-view.ts';
import { ACTIONS, type Card, type CardAction } from '../../../kernel/card.ts';
import { formatList, t, type Locale } from '../../i18n.ts';
import { formatTime } from '../../leads/cards/lead-card.ts';

export function stageName(stage: Pick<Stage, 'name' | 'nameEn'>, locale: Locale): string {
  return locale === 'en' ? (stage.nameEn ?? stage.name) : stage.name;
}

export function requirementLabel(
  req: Pick<EvidenceRequirement, 'label' | 'labelEn'>,
  locale: Locale,
): string {
  return locale === 'en' ? (req.labelEn ?? req.label) : req.label;
}

export function stageList(pipeline: Pipeline, locale: Locale): string {
  return pipeline.stages.map((s, i) => `${i + 1}. ${stageName(s, locale)} (${s.id})`).join(', ');
}

export function yuan(amount: number, locale: Locale): string {
  return amount.toLocaleString(locale === 'en' ? 'en-US' : 'zh-CN');
}

/** A key person's changes in the reader's words: `职位 CTO → CFO、已离职或调岗`. */
export function kpDiffText(diff: readonly KpChange[], locale: Locale): string {
  return diff
    .map((c) => t(locale, `kp.field.${c.field}`, { from: c.from || '-', to: c.to || '-' }))
    .join(locale === 'en' ? '; ' : '、');
}

/** Why a deal's health changed, as a rep reads it (the stored evidence is the machine-readable form). */
export function healthEvidenceText(
  note: { reason: string; evidence: string; detail?: HealthDetail | undefined },
  locale: Locale,
): string {
  if (note.reason === 'RISK_SIGNAL')
    return t(locale, 'health.reason.RISK_SIGNAL', { evidence: note.evidence });
  if (note.reason === 'KEY_PEOPLE_SILENT')
    return t(locale, 'health.reason.KEY_PEOPLE_SILENT', { evidence: note.evidence });
  if (note.reason === 'DECISION_CHAIN_CHANGED' && note.detail !== undefined)
    return t(locale, 'health.reason.DECISION_CHAIN_CHANGED', {
      name: note.detail.name,
      changes: kpDiffText(note.detail.diff, locale),
    });
  return note.evidence;
}

export function dealCard(view: DealView, locale: Locale, now: number): Card {
  const { deal, pipeline, stage } = view;
  const id = String(deal.id);
  const idx = pipeline.stages.findIndex((s) => s.id === stage.id);
  const fields = [
    {
      label: t(locale, 'deal.field.stage'),
      value: t(locale, 'deal.field.stageValue', {
        n: idx + 1,
        total: pipeline.stages.length,
        name: stageName(stage, locale),
      }),
    },
    { label: t(locale, 'deal.field.amount'), value: `¥${yuan(deal.amount, locale)}` },
    { label: t(locale, 'deal.field.tier'), value: deal.tier },
    { label: t(locale, 'deal.field.health'), value: t(locale, `deal.health.${deal.health}`) },
    { label: t(locale, 'deal.field.owner'), value: view.ownerName },
  ];
  if (deal.expectedCloseAt !== null)
    fields.push({
      label: t(locale, 'deal.field.close'),
      value: formatTime(deal.expectedCloseAt, view.timezone).slice(0, 5),
    });
  const lines: string[] = [];
  if (deal.status !== 'open') lines.push(t(locale, `deal.status.${deal.status}`));
  else {
    fields.push({
      label: t(locale, 'deal.field.inStage'),
      value: t(locale, 'deal.field.inStageValue', {
        days: daysInStage(deal, now, view.timezone),
        limit: stage.limitDays,
        due: formatTime(deal.stageDueAt, view.timezone),
      }),
    });
    if (deal.doubtful) lines.push(t(locale, 'deal.doubtful'));
    lines.push(t(locale, 'deal.evidence.header', { stage: stageName(stage, locale) }));
    if (stage.evidence.length === 0) lines.push(t(locale, 'deal.evidence.none'));
    for (const req of stage.evidence) {
      const have = view.evidence.filter((e) => e.stage === stage.id && e.requirement === req.id).length;
      lines.push(
        t(locale, have >= req.count ? 'deal.evidence.have' : 'deal.evidence.missing', {
          label: requirementLabel(req, locale),
          have,
          count: req.count,
        }),
      );
    }
    const next = pipeline.stages[idx + 1];
    if (next !== undefined) lines.push(t(locale, 'deal.next', { stage: stageName(next, locale) }));
  }
  for (const s of view.skippedMissing)
    lines.push(
      t(locale, 'deal.skippedMissing', {
        stage: stageName(s.stage, locale),
        list: s.missing
          .map((m) => requirementLabel(m.requirement, locale))
          .join(locale === 'en' ? ', ' : '、'),
      }),
    );
  if (view.keyPeople.length > 0)
    lines.push(
      t(locale, 'deal.keyPeople', {
        list: view.keyPeople
          .map((p) =>
            p.status === 'left'
              ? t(locale, 'deal.keyPersonLeft', { name: p.name })
              : t(locale, 'deal.keyPerson', { name: p.name, title: p.title || '-', influence: p.influence }),
          )
          .join(locale === 'en' ? ', ' : '、'),
      }),
    );
  if (view.healthNote !== null && deal.health !== 'green')
    lines.push(t(locale, 'deal.healthNote', { evidence: healthEvidenceText(view.healthNote, locale) }));
  const sop = view.openTasks.filter((task) => task.kind === 'sop');
  for (const task of sop)
    lines.push(
      t(locale, 'deal.taskLine', {
        id: task.id,
        title: locale === 'en' && typeof task.data.actionEn === 'string' ? task.data.actionEn : task.title,
        until: formatTime(task.dueAt, view.timezone),
      }),
    );
  for (const r of view.openTasks.filter((task) => task.kind === 'request'))
    lines.push(
      t(locale, 'deal.requestLine', {
        id: r.id,
        name: view.names.get(r.assigneeId) ?? r.assigneeId,
        text: r.title,
        until: formatTime(r.dueAt, view.timezone),
      }),
    );
  if (view.risks.length > 0)
    lines.push(
      t(locale, 'deal.risks', {
        list: formatList(
          locale,
          view.risks.map((r) => `“${r.phrase}”`),
          'enumeration',
        ),
      }),
    );
  // Signals heard before the deal (a lead note, a report), and each signal's past cases (issue 24 item 5).
  for (const m of view.riskMarks.filter((r) => r.dealId === null))
    lines.push(...riskMarkLines(m, view.names.get(m.actorId ?? '') ?? '-', locale, null).slice(0, 1));
  const pastShown = new Set<string>();
  for (const m of view.riskMarks)
    if (!pastShown.has(m.signal)) {
      pastShown.add(m.signal);
      lines.push(...pastCaseLines(m.past, m.phrase, locale).slice(0, 1));
    }
  const stall = view.openTasks.find((task) => task.kind === 'stall_analysis');
  if (stall !== undefined)
    lines.push(t(locale, 'deal.stallTask', { until: formatTime(stall.dueAt, view.timezone) }));

  const actions: CardAction[] = [];
  if (deal.status === 'open') {
    actions.push({ id: ACTIONS.dealAdvance, label: t(locale, 'btn.advance'), value: id, style: 'primary' });
    if (stage.evidence.some((r) => r.kind === 'note' || r.kind === 'link'))
      actions.push({ id: ACTIONS.dealEvidence, label: t(locale, 'btn.evidence'), value: id });
    const next = sop[0];
    if (next !== undefined)
      actions.push({
        id: ACTIONS.dealDone,
        label: `${t(locale, 'btn.done')} T${next.id}`,
        value: String(next.id),
      });
    if (stall !== undefined)
      actions.push({ id: ACTIONS.dealStall, label: t(locale, 'btn.stall'), value: String(stall.id) });
  }
  return {
    title: t(locale, 'deal.title', { id, customer: deal.customer }),
    level:
      deal.status === 'won'
        ? 'win'
        : deal.doubtful || stall !== undefined
          ? 'yellow'
          : deal.health === 'red'
            ? 'red'
            : 'info',
    fields,
    body: lines.join('\n'),
    actions,
  };
}
