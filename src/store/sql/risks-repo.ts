// Risk signals heard in texts (F16, issue 24 item 5) and the past cases of a signal.
import type { PastCase, RiskMark, RiskRepo } from '../../modules/ports.ts';
import type { Executor } from './executor.ts';

interface MarkRow {
  at: number;
  lead_id: number;
  deal_id: number | null;
  signal: string;
  phrase: string;
  excerpt: string;
  source: string;
  source_ref: string;
  actor_id: string | null;
}

interface CaseRow {
  id: number;
  lead_id: number;
  customer: string;
  status: string;
  amount: number;
  closed_at: number | null;
}

const COLUMNS = 'at, lead_id, deal_id, signal, phrase, excerpt, source, source_ref, actor_id';

export function riskRepo(db: Executor): RiskRepo {
  return {
    async record(m) {
      await db.run(`insert into risk_marks (${COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
        m.at,
        m.leadId,
        m.dealId,
        m.signal,
        m.phrase,
        m.excerpt,
        m.source,
        m.sourceRef,
        m.actorId,
      ]);
    },
    async forLead(leadId, limit) {
      const rows = await db.all<MarkRow>(
        `select ${COLUMNS} from risk_marks where lead_id = ? order by id limit ?`,
        [leadId, limit],
      );
      return rows.map((r): RiskMark => ({
        at: Number(r.at),
        leadId: Number(r.lead_id),
        dealId: r.deal_id === null ? null : Number(r.deal_id),
        signal: r.signal,
        phrase: r.phrase,
        excerpt: r.excerpt,
        source: r.source,
        sourceRef: r.source_ref,
        actorId: r.actor_id,
      }));
    },
    async pastCases(signal, exceptLead, scan) {
      // The inner select walks risk_marks_signal_lead_idx backwards and stops after `scan` leads; each is one
      // lookup on deals' unique lead_id.
      const rows = await db.all<CaseRow>(
        `select d.id, d.lead_id, d.customer, d.status, d.amount, d.closed_at
           from (select distinct lead_id from risk_marks where signal = ? and lead_id <> ?
                 order by lead_id desc limit ?) m
           join deals d on d.lead_id = m.lead_id
          where d.status in ('won', 'lost')
          order by d.lead_id desc`,
        [signal, exceptLead ?? -1, scan],
      );
      return rows.map((r): PastCase => ({
        dealId: Number(r.id),
        leadId: Number(r.lead_id),
        customer: r.customer,
        status: r.status as PastCase['status'],
        amount: Number(r.amount),
        closedAt: r.closed_at === null ? null : Number(r.closed_at),
      }));
    },
  };
}
