/**
 * `npx tsx bench/heap-summary.ts <file.heapsnapshot> [top]`: self size by constructor name, to see what a
 * process keeps (take the snapshot with BENCH_HEAP_SNAPSHOT=<dir> npm run bench -- --sizes 10000 --no-pbx).
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('Usage: npx tsx bench/heap-summary.ts <file.heapsnapshot> [top]');
const snap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
const fields = snap.snapshot.meta.node_fields;
const width = fields.length;
const typeAt = fields.indexOf('type');
const nameAt = fields.indexOf('name');
const sizeAt = fields.indexOf('self_size');
const types = snap.snapshot.meta.node_types[0];
const bySize = new Map<string, { bytes: number; count: number }>();
let total = 0;
for (let i = 0; i < snap.nodes.length; i += width) {
  const type = types[snap.nodes[i + typeAt]];
  const name = type === 'object' || type === 'closure' ? snap.strings[snap.nodes[i + nameAt]] : `(${type})`;
  const size = snap.nodes[i + sizeAt];
  total += size;
  const e = bySize.get(name) ?? { bytes: 0, count: 0 };
  e.bytes += size;
  e.count += 1;
  bySize.set(name, e);
}
console.log(`total self size ${(total / 1048576).toFixed(1)} MB`);
for (const [name, e] of [...bySize].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, Number(topArg ?? 30))) {
  console.log(`${(e.bytes / 1048576).toFixed(1).padStart(8)} MB ${String(e.count).padStart(9)}  ${name.slice(0, 90)}`);
}
