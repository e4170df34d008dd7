/**
 * Reads a histogram out of Prometheus text (what the hub serves at `/metrics`) and estimates its
 * quantiles the way Prometheus' `histogram_quantile` does: linear interpolation inside the bucket.
 */
export type Buckets = ReadonlyMap<number, number>;

/** Cumulative bucket counts (upper bound → count) of one histogram series chosen by its labels. */
export function histogramBuckets(text: string, name: string, labels: Readonly<Record<string, string>> = {}): Map<number, number> {
  const buckets = new Map<number, number>();
  const prefix = `${name}_bucket{`;
  for (const line of text.split('\n')) {
    if (!line.startsWith(prefix)) continue;
    const close = line.indexOf('}');
    const pairs = new Map([...line.slice(prefix.length, close).matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    if (Object.entries(labels).some(([k, v]) => pairs.get(k) !== v)) continue;
    const le = pairs.get('le');
    if (le === undefined) continue;
    const bound = le === '+Inf' ? Infinity : Number(le);
    buckets.set(bound, (buckets.get(bound) ?? 0) + Number(line.slice(close + 1).trim()));
  }
  return buckets;
}

/** after − before, bucket by bucket (the observations made between two scrapes). */
export function bucketDelta(after: Buckets, before: Buckets): Map<number, number> {
  return new Map([...after].map(([bound, count]) => [bound, count - (before.get(bound) ?? 0)]));
}

/** The q-quantile (0..1) of cumulative buckets; NaN when empty, the highest finite bound when it falls in +Inf. */
export function histogramQuantile(q: number, buckets: Buckets): number {
  const sorted = [...buckets].sort(([a], [b]) => a - b);
  const total = sorted.at(-1)?.[1] ?? 0;
  if (total === 0) return NaN;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const [bound, count] of sorted) {
    if (count >= rank) {
      if (bound === Infinity) return lowerBound;
      return lowerBound + ((bound - lowerBound) * (rank - lowerCount)) / Math.max(1, count - lowerCount);
    }
    lowerBound = bound;
    lowerCount = count;
  }
  return lowerBound;
}

/** Sum of a counter's series whose labels include `labels`. */
export function counterValue(text: string, name: string, labels: Readonly<Record<string, string>> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const close = line.indexOf('}');
    const pairs = new Map([...(close > 0 ? line.slice(name.length + 1, close) : '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    if (Object.entries(labels).some(([k, v]) => pairs.get(k) !== v)) continue;
    sum += Number(line.slice(close > 0 ? close + 1 : name.length).trim());
  }
  return sum;
}
