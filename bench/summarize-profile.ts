// Summarises a V8 .cpuprofile: self time by function and by source file (top entries).
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const file = process.argv[2];
if (file === undefined) throw new Error('usage: summarize-profile.ts <file.cpuprofile> [top]');
const top = Number(process.argv[3] ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

const shortUrl = (url: string) =>
  url.replace(/^file:\/\/.*?\/(node_modules|src|bench)\//, '$1/').replace(/^node:/, 'node:');
const fnKey = (n: ProfileNode) =>
  `${n.callFrame.functionName || '(anonymous)'}  ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
const fileKey = (n: ProfileNode) => {
  const u = shortUrl(n.callFrame.url);
  if (u === '') return n.callFrame.functionName.startsWith('(') ? n.callFrame.functionName : '(native)';
  const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u);
  return m ? `node_modules/${m[1]}` : u;
};

function table(key: (n: ProfileNode) => string): void {
  const agg = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const n = byId.get(id);
    if (n !== undefined) agg.set(key(n), (agg.get(key(n)) ?? 0) + us);
  }
  const rows = [...agg.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [k, us] of rows)
    console.log(
      `${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`,
    );
}

/** Inclusive time of the project's own functions (src/): each sample counts once for every such function on its stack. */
function inclusive(): void {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const agg = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur);
      if (n === undefined || !/\/src\//.test(n.callFrame.url)) continue;
      seen.add(fnKey(n));
    }
    for (const k of seen) agg.set(k, (agg.get(k) ?? 0) + us);
  }
  const rows = [...agg.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [k, us] of rows)
    console.log(
      `${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`,
    );
}

console.log(`total ${(total / 1000).toFixed(0)} ms\n-- self time by file/package`);
table(fileKey);
console.log('\n-- self time by function');
table(fnKey);
console.log('\n-- inclusive time, project functions');
inclusive();
