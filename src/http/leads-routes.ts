import { Router } from 'express';
import { explainLead } from '../modules/leads/use-cases/explain-lead.ts';
import { submitLead } from '../modules/leads/use-cases/submit-lead.ts';
import { fieldErrors, leadInputSchema, toLeadFields } from '../modules/leads/intake/lead-schema.ts';
import { localeOf } from '../modules/i18n.ts';
import { explainDecision, type Names } from '../modules/leads/cards/explain.ts';
import type { AppOptions } from './options.ts';

export function leadsRouter({ deps, locale }: AppOptions): Router {
  const router = Router();

  router.post('/leads', async (req, res) => {
    const parsed = leadInputSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      res.status(400).json({
        error: 'invalid_lead',
        message: 'Some fields are missing or wrong; nothing was saved.',
        fields: fieldErrors(parsed.error),
      });
      return;
    }
    // A client that retries (a timeout, a flaky network) sends the same Idempotency-Key and gets the first answer.
    const key = req.get('idempotency-key');
    const fingerprint =
      key === undefined || key === '' ? undefined : `api:${String(res.locals.apiKeyName)}:${key}`;
    const result = await submitLead(deps, {
      fields: toLeadFields(parsed.data),
      via: 'api',
      ...(fingerprint === undefined ? {} : { fingerprint }),
    });
    const loc = localeOf(typeof req.query.locale === 'string' ? req.query.locale : undefined, locale);
    const names: Names = { people: new Map(), timezone: deps.defaultTimezone };
    if (result.kind === 'created') {
      const story = await explainLead(deps, result.lead.id);
      if (story !== null) names.people = story.people;
      res.status(201).json({
        id: result.lead.id,
        score: result.lead.score,
        status: result.lead.status,
        owner: result.lead.ownerId ?? undefined,
        urgent: result.lead.urgent,
        explanation: explainDecision(result.explanation, loc, names),
        decision: result.explanation,
        previousLeadId: result.previousLeadId ?? undefined,
      });
      return;
    }
    if (result.kind === 'merged') {
      res.status(201).json({
        id: result.lead.id,
        score: result.lead.score,
        status: result.lead.status,
        owner: result.lead.ownerId ?? undefined,
        merged: true,
        explanation:
          loc === 'en'
            ? `Same customer as lead #${result.lead.id} (${result.reason === 'OPEN_LEAD' ? 'an open lead' : 'a protected customer'}): merged into it.`
            : `与线索 #${result.lead.id} 为同一客户(${result.reason === 'OPEN_LEAD' ? '进行中的线索' : '保护期内的客户'}),已合并。`,
      });
      return;
    }
    const lead = await explainLead(deps, result.leadId);
    res.status(200).json({
      id: result.leadId,
      score: lead?.lead.score,
      status: lead?.lead.status,
      owner: lead?.lead.ownerId ?? undefined,
      duplicate: true,
      explanation:
        loc === 'en'
          ? `Already received with this Idempotency-Key as lead #${result.leadId}; nothing changed.`
          : `该请求(Idempotency-Key 相同)已收到,对应线索 #${result.leadId},未做改动。`,
    });
  });

  router.get('/leads/:id', async (req, res) => {
    const id = Number(req.params.id);
    const story = Number.isInteger(id) && id > 0 ? await explainLead(deps, id) : null;
    if (story === null) {
      res.status(404).json({ error: 'not_found', message: `No lead with id ${req.params.id}.` });
      return;
    }
    const loc = localeOf(typeof req.query.locale === 'string' ? req.query.locale : undefined, locale);
    const names: Names = { people: story.people, timezone: deps.defaultTimezone };
    res.json({
      lead: story.lead,
      scoreBreakdown: story.lead.scoreBreakdown,
      explanation: story.decisions.map((d) => ({
        at: new Date(d.at).toISOString(),
        text: explainDecision(d.explanation, loc, names),
        decision: d.explanation,
      })),
      events: story.events.map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
    });
  });

  return router;
}
