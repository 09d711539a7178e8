// The Slack part of `npm run bench` alone: `npx tsx bench/slack-run.ts` (BENCH_SLACK_CLICKS, BENCH_SLACK_WARMUP,
// BENCH_SLACK_NOTICES size it). Prints its rows and writes nothing (bench/results.json is the full run's).
import { round } from './common.ts';
import { slackOptions, slackSummary, slackTable } from './slack-figures.ts';
import { benchSlack } from './slack.ts';

const bench = await benchSlack({ ...slackOptions(), log: (msg) => process.stderr.write(`[bench] ${msg}\n`) });
console.table(slackTable(bench));
console.log(slackSummary(bench));
console.log(`Slack part: ${round(bench.ms / 1000, 1)} s`);
