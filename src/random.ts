/**
 * Seeded randomness that gives the same bytes in every JavaScript engine.
 *
 * ECMAScript leaves Math.exp, Math.log and the trigonometric functions
 * "implementation-approximated", so two engines may round them differently.
 * Only + - * / and Math.sqrt are exactly rounded, so the PRNG and the few
 * transcendental functions the model needs are built from those alone.
 */

/** A stream of uniform numbers in [0, 1): mulberry32 over a 32-bit state. */
export interface Rng {
  /** Next uniform in [0, 1). */
  next(): number;
}

/** splitmix32: spreads a small seed (0, 1, 2, ...) over the whole state. */
export function mixSeed(seed: number, stream = 0): number {
  let z = (seed + Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

const WEYL = 0x6d2b79f5;

/** mulberry32's output for one state of its Weyl sequence. */
function mulberry(state: number): number {
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/**
 * mulberry32 with its state in a field: engines keep it unboxed (a closure
 * variable is re-boxed on every draw). Its state only ever adds a constant,
 * so any draw ahead can be computed alone (ahead): a model can leave
 * the draws it does not use uncomputed without shifting the ones it does.
 */
export class Mulberry32 implements Rng {
  private a: number;
  /** A stream at this 32-bit state (rng() mixes a seed into one). */
  constructor(state: number) {
    this.a = state;
  }
  next(): number {
    this.a = (this.a + WEYL) >>> 0;
    return mulberry(this.a);
  }
  /** The draw next() would return after k - 1 more calls (k >= 1), without drawing. */
  ahead(k: number): number {
    return mulberry((this.a + k * WEYL) >>> 0); // exact: k * WEYL < 2^53, and >>> 0 reduces mod 2^32
  }
}

export function rng(seed: number, stream = 0): Mulberry32 {
  return new Mulberry32(mixSeed(seed, stream));
}

const LN2 = 0.6931471805599453;
/** 2^-54: a term below x * HALF_ULP is below half an ulp of x, so x + term === x. */
const HALF_ULP = 5.551115123125783e-17;

/** e^x from + - * / only: x = k ln2 + r, |r| <= ln2/2, Taylor series in r. */
export function exp(x: number): number {
  if (x !== x) return NaN;
  if (x > 709) return Infinity;
  if (x < -745) return 0;
  const k = Math.round(x / LN2);
  const r = x - k * LN2;
  let term = 1;
  let sum = 1;
  for (let n = 1; n < 20; n++) {
    term = (term * r) / n;
    // Below half an ulp of sum (> 0.7 here), this term and every smaller
    // one after it round away: stopping changes no bit, only the time.
    if (Math.abs(term) < sum * HALF_ULP) break;
    sum += term;
  }
  // Scale by 2^k in two steps so that neither factor overflows.
  const half = k >> 1;
  return sum * pow2(half) * pow2(k - half);
}

/** 2^k for |k| <= POW2_MAX, exactly (powers of two in the normal range are exact doubles). */
const POW2_MAX = 540;
const POW2 = new Float64Array(2 * POW2_MAX + 1);
for (let k = 0, up = 1, down = 1; k <= POW2_MAX; k++, up *= 2, down *= 0.5) {
  POW2[POW2_MAX + k] = up;
  POW2[POW2_MAX - k] = down;
}

function pow2(k: number): number {
  // exp() asks for |k| <= 538 (|x| <= 745); the loop keeps any other k exact too.
  if (k >= -POW2_MAX && k <= POW2_MAX) return POW2[POW2_MAX + k];
  let p = 1;
  const base = k < 0 ? 0.5 : 2;
  for (let i = Math.abs(k); i > 0; i--) p *= base;
  return p;
}

/** ln(x) for x > 0: x = m 2^e with m in [1, 2), then atanh series in (m-1)/(m+1). */
export function log(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return Infinity;
  let e = 0;
  let m = x;
  while (m >= 2) { m /= 2; e++; }
  while (m < 1) { m *= 2; e--; }
  if (m > 1.4142135623730951) { m /= 2; e++; }
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  let term = s;
  let sum = 0;
  for (let n = 1; n < 60; n += 2) {
    const add = term / n;
    if (Math.abs(add) < Math.abs(sum) * HALF_ULP) break; // as in exp(): no bit changes
    sum += add;
    term *= s2;
  }
  return 2 * sum + e * LN2;
}

/**
 * Standard normal quantile (Acklam's rational approximation, relative error
 * below 1.2e-9), used to draw normals by inversion from one uniform.
 */
const QA = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
const QB = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const QC = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const QD = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];

export function normalQuantile(p: number): number {
  const a = QA, b = QB, c = QC, d = QD;
  const lo = 0.02425;
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  if (p < lo) {
    const q = Math.sqrt(-2 * log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) {
    const q = Math.sqrt(-2 * log(1 - p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** A log-normal draw with the given median and shape (sigma of ln X). */
export function logNormal(u: number, median: number, sigma: number): number {
  if (sigma === 0 || median === 0) return median;
  return median * exp(sigma * normalQuantile(clampUniform(u)));
}

/** Keep u inside (0, 1) so the quantile stays finite. */
function clampUniform(u: number): number {
  return Math.min(Math.max(u, 1e-12), 1 - 1e-12);
}

/**
 * Math.round(Math.min(max, logNormal(u, median, sigma))) for an integer max,
 * bit for bit, mostly without exp()'s series: the model keeps its draws in
 * whole nanoseconds, and a rounded value only depends on which side of a
 * half-integer the draw falls. quickExp() is within ~1e-14 of exp() (both
 * are within a few ulps of e^x); when the quick value is further than
 * ROUND_MARGIN (relative) from every half-integer, the exact one rounds the
 * same way. Otherwise, and outside the quick range, it computes exp().
 * Still + - * / only, so every engine gives the same answer and takes the
 * same path.
 */
export function roundedLogNormal(u: number, median: number, sigma: number, max: number): number {
  if (sigma === 0 || median === 0) return Math.round(Math.min(max, median));
  const x = sigma * normalQuantile(clampUniform(u));
  if (x > -700 && x < 700) {
    const y = median * quickExp(x);
    if (y >= 0 && y < 2 ** 52) {
      const f = y - Math.floor(y);
      if (Math.abs(f - 0.5) > y * ROUND_MARGIN) return Math.min(max, Math.round(y));
    }
  }
  return Math.round(Math.min(max, median * exp(x)));
}

/** 1000 times the combined error bound of quickExp() and exp() (each below ~5e-15). */
const ROUND_MARGIN = 1e-11;

/** e^(j/32) for j in -12..12 (exp() is exact enough: a few ulps). */
const EXP_32 = Float64Array.from({ length: 25 }, (_, i) => exp((i - 12) / 32));

/**
 * e^x within ~1e-14 relative for |x| < 700: exp()'s reduction x = k ln2 + r,
 * then r = j/32 + s with |s| <= 1/64 and a degree-7 Taylor polynomial in s
 * (truncation below 1e-19). For roundedLogNormal() only.
 */
function quickExp(x: number): number {
  const k = Math.round(x / LN2);
  const r = x - k * LN2;
  const j = Math.round(r * 32);
  const s = r - j / 32;
  const p = 1 + s * (1 + s * (1 / 2 + s * (1 / 6 + s * (1 / 24 + s * (1 / 120 + s * (1 / 720 + s * (1 / 5040)))))));
  const half = k >> 1;
  return EXP_32[j + 12] * p * pow2(half) * pow2(k - half);
}
