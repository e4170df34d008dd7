/** What every benchmark's `run()` returns (one or several), and what the runner prints and stores. */
export interface BenchResult {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline: number;
  readonly baselineUnit: string;
  /** Anything else worth keeping in the JSON (per-direction figures, counts...). */
  readonly details?: unknown;
}

export interface BenchOptions {
  readonly quick: boolean;
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Rounds to `digits` significant decimals after the point (keeps small latencies readable). */
export const round = (value: number, digits = 3): number => (Number.isFinite(value) ? Number(value.toFixed(digits)) : value);

/** value / baseline, rounded; NaN when the baseline is zero or not a number (JSON writes it as null). */
export const ratioOf = (value: number, baseline: number): number => (baseline !== 0 && Number.isFinite(baseline) ? round(value / baseline, 3) : NaN);

/** The ratio as printed: `—` where there is none (a zero baseline, a figure not measured). */
export const ratioText = (value: number, baseline: number): string => {
  const ratio = ratioOf(value, baseline);
  return Number.isFinite(ratio) ? String(ratio) : '—';
};

/** The line every benchmark prints for a figure: `bench <name>: <v> <unit> (baseline <b> <unit>, ratio <r>)`. */
export const benchLine = (r: BenchResult): string => `bench ${r.name}: ${r.value} ${r.unit} (baseline ${r.baseline} ${r.baselineUnit}, ratio ${ratioText(r.value, r.baseline)})`;

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
