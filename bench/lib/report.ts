/** One line of the results table. Absent figures print as a dash; `unavailable` replaces them all. */
export interface Row {
  scenario: string;
  rps?: number | undefined;
  p50Ms?: number | undefined;
  p99Ms?: number | undefined;
  errors?: number | undefined;
  /** rps divided by the yardstick's tps. */
  ratio?: number | undefined;
  /** e.g. "n/a (endpoint missing)". */
  unavailable?: string | undefined;
}

export type Verdict = 'PASS' | 'MISS' | 'n/a' | 'not judged';

export interface Check {
  what: string;
  measured: string;
  target: string;
  verdict: Verdict;
}

const dash = '-';

export function fmtInt(n: number | undefined): string {
  return n === undefined || !Number.isFinite(n) ? dash : Math.round(n).toLocaleString('en-US');
}

export function fmtMs(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return dash;
  return n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0);
}

export function fmtRatio(n: number | undefined): string {
  return n === undefined || !Number.isFinite(n) ? dash : n.toFixed(2);
}

export function fmtMb(bytes: number | undefined): string {
  return bytes === undefined || !Number.isFinite(bytes) ? dash : `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

export function resultsTable(rows: readonly Row[]): string {
  return table(
    ['scenario', 'requests/s', 'p50 ms', 'p99 ms', 'errors', 'ratio to pgbench tps'],
    rows.map((r) =>
      r.unavailable
        ? [r.scenario, r.unavailable, dash, dash, dash, dash]
        : [r.scenario, fmtInt(r.rps), fmtMs(r.p50Ms), fmtMs(r.p99Ms), fmtInt(r.errors), fmtRatio(r.ratio)],
    ),
  );
}

export function checksTable(checks: readonly Check[]): string {
  return table(['target (issue 6)', 'measured', 'threshold', 'result'], checks.map((c) => [c.what, c.measured, c.target, c.verdict]));
}

export function keyValueTable(pairs: readonly [string, string][]): string {
  return table(['', ''], pairs.map(([k, v]) => [k, v]));
}

/**
 * A check against a threshold. `value` undefined means the scenario could not run
 * (n/a); `judge` false (the smoke run) reports the value without a verdict.
 */
export function check(
  what: string,
  value: number | undefined,
  op: '>=' | '<=' | '==',
  threshold: number,
  format: (n: number) => string,
  judge: boolean,
  unavailable = 'n/a',
): Check {
  const target = `${op === '==' ? '=' : op === '>=' ? '>=' : '<='} ${format(threshold)}`;
  if (value === undefined || !Number.isFinite(value)) return { what, measured: unavailable, target, verdict: 'n/a' };
  const ok = op === '>=' ? value >= threshold : op === '<=' ? value <= threshold : value === threshold;
  return { what, measured: format(value), target, verdict: judge ? (ok ? 'PASS' : 'MISS') : 'not judged' };
}
