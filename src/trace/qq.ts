/**
 * Quantile-quantile panels of a trace fit's samples (TraceFit.samples)
 * against a log-normal fitted to them (the MLE of ln: mean and standard
 * deviation of the logs), for the Your machine page and the notebook: the
 * dashed line y = x is an exact fit. Samples that do not spread (a
 * simulated trace's fixed costs, a clock's resolution) have no shape to
 * compare: the panel says so, with the value, instead of drawing a line of
 * equal dots against invented quantiles.
 */
import { normalQuantile } from "../random.ts";

/** One point: a sample (sorted) and the same quantile of the fitted log-normal. */
export interface QQPoint {
  /** The parameter path the samples belong to. */
  path: string;
  /** The sample at this quantile (ns). */
  sample: number;
  /** The fitted log-normal at the same quantile (ns). */
  fitted: number;
}

/** One panel: what the samples are, how many, and either the points or the one value they all take. */
export interface QQPanel {
  /** The parameter path (as in a scenario link). */
  path: string;
  /** What the samples measure (a title: not always the parameter itself). */
  label: string;
  /** Positive samples read. */
  n: number;
  /** Points, at most maxPoints (every k-th sorted sample); empty when constant. */
  points: QQPoint[];
  /** The value every sample takes when they do not spread (max/min below 1 + 1e-6), else null. */
  constant: number | null;
  /** Whether the samples span a factor of 4 or more: log axes then; below that a log axis gets one or two ticks, so linear. */
  log: boolean;
}

/** What each path's samples measure: fitTrace keeps, for some parameters, the time it derives them from. */
const SAMPLE_LABELS: Readonly<Record<string, string>> = {
  "costs.ipiDeliveryNs": "IPI delivery (awake target)",
  "costs.csdHandlingNs": "Interrupt entry → CSD function",
  "costs.idleWakeMedianShare": "Idle exit, measured",
  "costs.cfsWakeMedianNs": "Busy-CPU wake-up (body)",
  "costs.crossCpuWakeNs": "cpuhp: callback end → next kick",
  "workload.irqOff.medianNs": "Remaining interrupts-off time",
};

/** Samples needed for a panel. */
const MIN_SAMPLES = 5;

/** The QQ panels of a fit's samples, in the order given; paths with fewer than 5 positive samples are left out. */
export function qqPanels(samples: Readonly<Record<string, readonly number[]>>, maxPoints = 200): QQPanel[] {
  const out: QQPanel[] = [];
  for (const [path, xs] of Object.entries(samples)) {
    const s = Float64Array.from(xs.filter((x) => x > 0 && Number.isFinite(x))).sort();
    const n = s.length;
    if (n < MIN_SAMPLES) continue;
    const label = SAMPLE_LABELS[path] ?? path;
    if (s[n - 1] / s[0] < 1 + 1e-6) { out.push({ path, label, n, points: [], constant: s[n >> 1], log: false }); continue; }
    let mu = 0;
    for (const x of s) mu += Math.log(x);
    mu /= n;
    let v = 0;
    for (const x of s) v += (Math.log(x) - mu) ** 2;
    const sigma = Math.sqrt(v / (n - 1));
    const step = Math.max(1, Math.floor(n / maxPoints));
    const points: QQPoint[] = [];
    for (let i = 0; i < n; i += step) points.push({ path, sample: s[i], fitted: Math.exp(mu + sigma * normalQuantile((i + 0.5) / n)) });
    out.push({ path, label, n, points, constant: null, log: s[n - 1] / s[0] >= 4 });
  }
  return out;
}
