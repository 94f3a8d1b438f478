/** Summary statistics over Monte Carlo samples. */

export interface Percentiles {
  /** Smallest value. */
  min: number;
  /** 5th percentile. */
  p5: number;
  /** Mean. */
  mean: number;
  /** Median. */
  p50: number;
  /** 95th percentile. */
  p95: number;
  /** 99th percentile. */
  p99: number;
  /** Largest value. */
  max: number;
}

/** Quantile by linear interpolation between order statistics (R type 7, as d3.quantileSorted). */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo];
  return lo + 1 < n ? a + (sorted[lo + 1] - a) * (h - lo) : a;
}

/** Summary statistics of samples (R type 7 quantiles). */
export function percentiles(samples: Float64Array): Percentiles {
  const s = samples.slice().sort();
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum += s[i];
  return {
    min: s[0],
    p5: quantileSorted(s, 0.05),
    mean: sum / s.length,
    p50: quantileSorted(s, 0.5),
    p95: quantileSorted(s, 0.95),
    p99: quantileSorted(s, 0.99),
    max: s[s.length - 1],
  };
}

/** Mean and standard error of the mean of paired differences a[t] - b[t]. */
export function pairedDifference(a: Float64Array, b: Float64Array): { mean: number; se: number } {
  const n = a.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += a[i] - b[i];
  const mean = sum / n;
  if (n < 2 || !Number.isFinite(mean)) return { mean, se: 0 };
  let ss = 0;
  for (let i = 0; i < n; i++) { const d = a[i] - b[i] - mean; ss += d * d; }
  return { mean, se: Math.sqrt(ss / (n - 1) / n) };
}
