/** Summary statistics over Monte Carlo samples. */

export interface Percentiles {
  min: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
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

export function percentiles(samples: Float64Array): Percentiles {
  const s = samples.slice().sort();
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum += s[i];
  return {
    min: s[0],
    mean: sum / s.length,
    p50: quantileSorted(s, 0.5),
    p95: quantileSorted(s, 0.95),
    p99: quantileSorted(s, 0.99),
    max: s[s.length - 1],
  };
}
