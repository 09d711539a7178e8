import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { closeLead } from '../modules/leads/use-cases/touch-lead.ts';
import { explainLead } from '../modules/leads/use-cases/explain-lead.ts';
import { importLeads } from '../modules/leads/use-cases/import-leads.ts';
import { mergeLeads } from '../modules/leads/use-cases/merge-leads.ts';
import { sweepDeals } from '../modules/deals/use-cases/deal-sweep.ts';
import { sweep } from '../modules/leads/use-cases/sweep.ts';
import { parseLeadCsv } from '../modules/leads/intake/csv.ts';
import { renderWhy } from '../modules/leads/cards/explain.ts';
import { cliLocale, cliTimezone, failWith, withRuntime } from './context.ts';

export function registerLeadCommands(program: Command): void {
  program
    .command('import')
    .argument('<file>', 'a CSV file (UTF-8 or GBK, English or Chinese headers)')
    .option('--json', 'print { imported, merged, duplicates, errors } as JSON')
    .option('--encoding <encoding>', 'utf-8 or gbk, when the guess (UTF-8 unless it is not valid) is wrong')
    .description(
      'import leads from CSV; bad rows are reported by line, the rest imported; a second import adds nothing',
    )
    .action((file: string, opts: { json?: boolean; encoding?: string }) =>
      withRuntime(async (rt) => {
        let bytes: Uint8Array;
        try {
          bytes = readFileSync(file);
        } catch (err) {
          failWith(`cannot read ${file}: ${(err as Error).message}`);
        }
        const encoding = opts.encoding?.toLowerCase().replace(/^utf8$/, 'utf-8');
        if (encoding !== undefined && encoding !== 'utf-8' && encoding !== 'gbk')
          failWith(`--encoding ${opts.encoding}: expected utf-8 or gbk`);
        const parsed = parseLeadCsv(bytes, encoding);
        const r = await importLeads(rt.deps, parsed.rows);
        const summary = {
          imported: r.imported,
          merged: r.merged,
          duplicates: r.duplicates,
          errors: parsed.errors,
        };
        if (opts.json === true) {
          console.log(JSON.stringify(summary, null, 2));
        } else {
          console.log(
            `${file} (${parsed.encoding}): ${r.imported} imported, ${r.merged} merged into existing leads, ${r.duplicates} already imported before, ${parsed.errors.length} rows with errors`,
          );
          for (const e of parsed.errors) console.log(`  line ${e.line}: ${e.reason}`);
        }
        if (parsed.rows.length === 0 && parsed.errors.length > 0) process.exitCode = 1;
      }),
    );

  program
    .command('why')
    .argument('<id>', 'lead id')
    .option('--json', 'print the lead, its score breakdown, routing decisions and events as JSON')
    .option('--locale <locale>', 'zh-CN or en')
    .description('explain a lead: its score, who was considered, who was skipped and why, and its history')
    .action((id: string, opts: { json?: boolean; locale?: string }) =>
      withRuntime(async (rt) => {
        const story = await explainLead(rt.deps, parseId(id));
        if (story === null) failWith(`no lead with id ${id}`);
        if (opts.json === true) {
          console.log(
            JSON.stringify({ lead: story.lead, decisions: story.decisions, events: story.events }, null, 2),
          );
          return;
        }
        console.log(
          renderWhy(story, await cliLocale(rt, opts.locale), {
            people: story.people,
            timezone: await cliTimezone(rt),
            pipelines: rt.deps.rules.deals.pipelines,
          }),
        );
      }),
    );

  program
    .command('sweep')
    .option('--at <iso>', 'run as of this time (ISO 8601), e.g. 2026-11-23T10:00:00+08:00')
    .description(
      'release unclaimed offers, take back leads with no follow-up, send warnings — as the server does every minute',
    )
    .action((opts: { at?: string }) => {
      const at = opts.at === undefined ? Date.now() : Date.parse(opts.at);
      if (Number.isNaN(at))
        failWith(`--at: expected an ISO time such as 2026-11-23T10:00:00+08:00, got "${opts.at}"`);
      return withRuntime(async (rt) => {
        const r = await sweep(rt.deps, at);
        const d = await sweepDeals(rt.deps, at);
        console.log(
          `sweep at ${new Date(at).toISOString()}: ${r.lapsed} offers released to the pool, ${r.reverted} leads taken back (no follow-up), ${r.warned} warnings sent; ${d.stalled} stalled deals alerted, ${d.escalated} stall analyses escalated`,
        );
      });
    });

  program
    .command('close')
    .argument('<id>', 'lead id')
    .argument('<outcome>', 'won or lost')
    .description('record how a claimed lead ended (won customers are protected for 30 days)')
    .action((id: string, outcome: string) => {
      if (outcome !== 'won' && outcome !== 'lost') failWith('outcome: expected won or lost');
      return withRuntime(async (rt) => {
        const r = await closeLead(rt.deps, { leadId: parseId(id), outcome, actorId: null });
        if (r.kind === 'rejected')
          failWith(
            r.reason === 'NOT_FOUND'
              ? `no lead with id ${id}`
              : `lead ${id} is not claimed by anyone, so it cannot be closed`,
          );
        console.log(`lead #${id} closed as ${outcome}`);
      });
    });

  program
    .command('merge')
    .argument('<from>', 'the duplicate lead id')
    .argument('<into>', 'the lead to keep')
    .description('merge a duplicate lead into another; nothing is deleted')
    .action((from: string, into: string) =>
      withRuntime(async (rt) => {
        const r = await mergeLeads(rt.deps, { fromId: parseId(from), intoId: parseId(into), actorId: null });
        if (r.kind === 'rejected') failWith(`cannot merge: ${r.reason}`);
        console.log(`lead #${from} merged into #${into} (score now ${r.into.score})`);
      }),
    );
}

export function parseId(text: string): number {
  const id = Number(text.replace(/^#/, ''));
  if (!Number.isInteger(id) || id <= 0) failWith(`expected a lead id (a number), got "${text}"`);
  return id;
}
