import { Router } from 'express';
import { explainLead } from '../modules/leads/use-cases/explain-lead.ts';
import { groupIntake } from '../modules/leads/use-cases/group-intake.ts';
import { fieldErrors, leadInputSchema, toLeadFields } from '../modules/leads/intake/lead-schema.ts';
import { localeOf } from '../modules/i18n.ts';
import { explainDecision, type Names } from '../modules/leads/cards/explain.ts';
import { apiKeyOf, requireScope } from './api-auth.ts';
import type { AppOptions } from './options.ts';

export function leadsRouter({ deps, locale }: AppOptions): Router {
  const router = Router();
  // Concurrent POSTs are committed together, in arrival order, each answered with its own result (issue 23).
  const intake = groupIntake(deps);

  // What a website needs back (issue 22, finding 7): the lead's id and that it was received. Who it went to, the
  // reps' loads and scores, and who owns a customer already are for GET /api/leads/:id with a `read` key.
  router.post('/leads', requireScope('intake'), async (req, res) => {
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
    const fingerprint = key === undefined || key === '' ? undefined : `api:${apiKeyOf(res).name}:${key}`;
    const result = await intake.submit({
      fields: toLeadFields(parsed.data),
      via: 'api',
      ...(fingerprint === undefined ? {} : { fingerprint }),
    });
    const loc = localeOf(typeof req.query.locale === 'string' ? req.query.locale : undefined, locale);
    if (result.kind === 'duplicate') {
      res.status(200).json({
        id: result.leadId,
        result: 'duplicate',
        message:
          loc === 'en'
            ? `Already received with this Idempotency-Key as lead #${result.leadId}; nothing changed.`
            : `该请求(Idempotency-Key 相同)已收到,对应线索 #${result.leadId},未做改动。`,
      });
      return;
    }
    // A new lead and an inquiry merged into the customer's open lead read alike: a website is not told who is
    // a customer already.
    res.status(201).json({
      id: result.lead.id,
      result: 'accepted',
      message: loc === 'en' ? `Received as lead #${result.lead.id}.` : `已收到,线索编号 #${result.lead.id}。`,
    });
  });

  router.get('/leads/:id', requireScope('read'), async (req, res) => {
    const raw = String(req.params.id ?? '');
    const id = /^\d{1,16}$/.test(raw) ? Number(raw) : NaN;
    const story = Number.isSafeInteger(id) && id > 0 ? await explainLead(deps, id) : null;
    if (story === null) {
      res.status(404).json({ error: 'not_found', message: `No lead with id ${raw.slice(0, 40)}.` });
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
