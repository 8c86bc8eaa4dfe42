/**
 * Summarises a V8 .cpuprofile (from `BENCH_CPU_PROF_DIR=dir npm run bench`): where the
 * service's main thread spent its time, by area (our code, each package, Node itself, GC,
 * idle) and by function.
 *
 *   npx tsx bench/profile-summary.ts /tmp/prof/CPU.*.cpuprofile [--top 30]
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** "src/ledger/ledger.ts", "pg", "fastify", "node:internal", or V8's own (GC, idle, program). */
function areaOf(frame: CallFrame): string {
  const url = frame.url;
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg?.[1]) return pkg[1];
  const src = /\/((?:src|bench)\/.+)$/.exec(url);
  if (src?.[1]) return src[1];
  if (url.startsWith('node:')) return 'node:internal';
  return url;
}

function main(): void {
  const args = process.argv.slice(2);
  const topAt = args.indexOf('--top');
  const top = topAt >= 0 ? Number(args[topAt + 1] ?? 30) : 30;
  const files = args.filter((a, i) => !a.startsWith('--') && (topAt < 0 || i !== topAt + 1));
  if (files.length === 0) {
    process.stderr.write('usage: npx tsx bench/profile-summary.ts <file.cpuprofile> [--top N]\n');
    process.exit(2);
  }
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

    // Self time per node: each sample's time delta goes to the node it hit.
    const self = new Map<number, number>();
    profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
    const totalUs = [...self.values()].reduce((a, b) => a + b, 0);

    const byArea = new Map<string, number>();
    const byFunction = new Map<string, { self: number; total: number }>();
    const key = (f: CallFrame) => `${f.functionName || '(anonymous)'}  ${areaOf(f)}:${f.lineNumber + 1}`;
    for (const [id, us] of self) {
      const node = byId.get(id);
      if (!node) continue;
      byArea.set(areaOf(node.callFrame), (byArea.get(areaOf(node.callFrame)) ?? 0) + us);
      const k = key(node.callFrame);
      const entry = byFunction.get(k) ?? { self: 0, total: 0 };
      entry.self += us;
      byFunction.set(k, entry);
      // Inclusive time: once per distinct function on the stack.
      const seen = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const frame = byId.get(at)?.callFrame;
        if (!frame) break;
        const fk = key(frame);
        if (seen.has(fk)) continue;
        seen.add(fk);
        const e = byFunction.get(fk) ?? { self: 0, total: 0 };
        e.total += us;
        byFunction.set(fk, e);
      }
    }

    const pct = (us: number) => `${((100 * us) / totalUs).toFixed(1).padStart(5)} %`;
    process.stdout.write(`\n${file}: ${(totalUs / 1e6).toFixed(1)} s sampled\n\nby area (self time):\n`);
    for (const [area, us] of [...byArea.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      process.stdout.write(`  ${pct(us)}  ${area}\n`);
    }
    process.stdout.write('\nby function (self time):\n');
    for (const [k, v] of [...byFunction.entries()].sort((a, b) => b[1].self - a[1].self).slice(0, top)) {
      process.stdout.write(`  ${pct(v.self)}  ${k}\n`);
    }
    process.stdout.write('\nour code (src/), by inclusive time:\n');
    for (const [k, v] of [...byFunction.entries()].filter(([k]) => k.includes(' src/')).sort((a, b) => b[1].total - a[1].total).slice(0, top)) {
      process.stdout.write(`  ${pct(v.total)}  ${k}\n`);
    }
  }
}

main();
