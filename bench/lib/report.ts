// The table a run prints (and BENCHMARKS.md shows): one row per figure, with the baseline it is
// held against, the ratio and the target when there is one.

export interface Row {
  scenario: string;
  measure: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  /** value / baseline, or as stated in `measure`. */
  ratio?: number;
  target?: string;
  met?: boolean;
  note?: string;
}

export function fmt(n: number | undefined, unit = ''): string {
  if (n === undefined || Number.isNaN(n)) return '–';
  const abs = Math.abs(n);
  const text = abs >= 1000 ? Math.round(n).toLocaleString('en-US') : abs >= 100 ? n.toFixed(0) : abs >= 10 ? n.toFixed(1) : abs >= 1 ? n.toFixed(2) : n.toFixed(3);
  return unit === '' ? text : `${text} ${unit}`;
}

export function table(rows: readonly Row[]): string {
  const header = ['scenario', 'measure', 'Concierge', 'baseline / peer', 'ratio', 'target'];
  const lines = rows.map((r) => [
    r.scenario,
    r.measure,
    fmt(r.value, r.unit),
    r.baseline === undefined ? '' : `${r.baseline.name}: ${fmt(r.baseline.value, r.unit)}`,
    r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`,
    r.target === undefined ? (r.note ?? '') : `${r.target} ${r.met === undefined ? '' : r.met ? 'met' : 'MISSED'}${r.note ? ` (${r.note})` : ''}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const row = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [row(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(row)].join('\n');
}
