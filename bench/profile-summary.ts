/**
 * `npx tsx bench/profile-summary.ts <file.cpuprofile> [top]`: where the CPU time went, by function and by
 * package/folder (self time), from a profile written with BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=...".
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
}

function area(url: string): string {
  if (!url) return '(native / idle / gc)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return `npm:${nm[1]}`;
  const src = /\/work\/main\/((?:src|bench|test)\/[^/]+(?:\/[^/]+)?)/.exec(url);
  if (src) return src[1].replace(/\.ts$/, '');
  if (url.startsWith('node:')) return url;
  return url;
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('Usage: npx tsx bench/profile-summary.ts <file.cpuprofile> [top]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const top = Number(topArg ?? 25);
const totalMs = (profile.endTime - profile.startTime) / 1000;
const perSampleMs = totalMs / Math.max(1, profile.samples.length);
const byFunction = new Map<string, number>();
const byArea = new Map<string, number>();
for (const node of profile.nodes) {
  const ms = (node.hitCount ?? 0) * perSampleMs;
  if (!ms) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const fn = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*\/work\/main\//, '')}:${lineNumber + 1}` : ''}`.trim();
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
  byArea.set(area(url), (byArea.get(area(url)) ?? 0) + ms);
}
const show = (title: string, m: Map<string, number>) => {
  console.log(`\n${title} (of ${(totalMs / 1000).toFixed(1)} s wall)`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${(v / 1000).toFixed(2).padStart(8)} s  ${((v / totalMs) * 100).toFixed(1).padStart(5)} %  ${k}`);
};
show('self time by area', byArea);
show('self time by function', byFunction);
