/**
 * The kernel's fast paths give exactly what the plain code they replace
 * gives, on every input: the lock order (radix sort) against the comparator
 * sort, stop_machine's linear last ack against the recurrence over sorted
 * times, the Weyl-sequence jump of the PRNG against drawing one by one,
 * the rounded log-normal draw against rounding the plain one, the trace
 * line scanner and argument scanner against the grammar's regular
 * expressions, and the bootstrap's rank counting against resampling.
 * Fixed seed as in properties.test.ts; fast-check prints any counterexample.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { lockOrder } from "../src/module-lock.ts";
import { lastAck } from "../src/strategies/stop-machine.ts";
import { logNormal, rng, roundedLogNormal } from "../src/random.ts";
import { MAX_SECTION_NS } from "../src/machine.ts";
import { argOf, argsByRegex, argsOf, newStats, parseArgs, parseLine, parseLineByRegex, textStream, traceEvents, type TraceEvent } from "../src/trace/parse.ts";
import { bootstrapLine, bootstrapLogNormal, bootstrapMedian, median } from "../src/trace/fit.ts";

const SEED = Number(process.env.FC_SEED ?? 20221122);
fc.configureGlobal({ seed: SEED });

const referenceOrder = (ready: Float64Array) => Array.from(ready.keys()).sort((a, b) => ready[a] - ready[b] || a - b);
const referenceLastAck = (times: Float64Array, ackNs: number) => {
  let t = -Infinity;
  for (const a of Array.from(times).sort((x, y) => x - y)) t = Math.max(t, a) + ackNs;
  return t;
};

// Whole ns with many ties and wide ranges (the radix and bucket paths), and
// fractional or infinite times (the fallbacks).
const time = fc.oneof(
  fc.integer({ min: 0, max: 50 }),
  fc.integer({ min: 0, max: 2 ** 40 }),
  fc.double({ min: 0, max: 1e6, noNaN: true }),
  fc.constant(Infinity),
);
const times = fc.array(time, { minLength: 1, maxLength: 300 }).map((xs) => Float64Array.from(xs));

describe("fast paths equal the code they replace", () => {
  it("lockOrder equals the comparator sort", () => {
    fc.assert(fc.property(times, (ready) => {
      expect(Array.from(lockOrder(ready))).toEqual(referenceOrder(ready));
    }), { numRuns: 500 });
  });

  it("lockOrder on long lists (the radix path), including -0 and Infinity", () => {
    const whole = fc.array(fc.oneof(
      { weight: 500, arbitrary: fc.integer({ min: 0, max: 3000 }) },
      { weight: 500, arbitrary: fc.double({ min: 0, max: 1e7, noNaN: true }) },
      { weight: 10, arbitrary: fc.constant(-0) }, { weight: 10, arbitrary: fc.constant(Infinity) },
    ), { minLength: 2, maxLength: 5000 }).map((xs) => Float64Array.from(xs));
    fc.assert(fc.property(whole, (ready) => {
      expect(Array.from(lockOrder(ready))).toEqual(referenceOrder(ready));
    }), { numRuns: 200 });
  });

  it("lockOrder where many times share a high word (the runs sorted by low word, short and long)", () => {
    // Near 2^30 ns a high word spans 1,024 ns: times within a few µs share a few.
    const near = fc.array(fc.oneof(
      fc.integer({ min: 0, max: 5000 }).map((d) => 2 ** 30 + d),
      fc.double({ min: 2 ** 30, max: 2 ** 30 + 3000, noNaN: true }),
      fc.integer({ min: 0, max: 100 }),
    ), { minLength: 128, maxLength: 3000 }).map((xs) => Float64Array.from(xs));
    fc.assert(fc.property(near, (ready) => {
      expect(Array.from(lockOrder(ready))).toEqual(referenceOrder(ready));
    }), { numRuns: 100 });
  });

  it("lockOrder with a NaN time still returns every CPU once (the comparator's order is then engine-defined)", () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 200, maxLength: 1000 }), fc.nat(), (xs, at) => {
      const ready = Float64Array.from(xs);
      ready[at % ready.length] = NaN;
      expect(Array.from(lockOrder(ready)).sort((a, b) => a - b)).toEqual(Array.from(ready.keys()));
    }), { numRuns: 50 });
  });

  it("lastAck equals the recurrence over sorted arrivals", () => {
    const ack = fc.oneof(fc.integer({ min: 0, max: 500 }), fc.double({ min: 0, max: 500, noNaN: true }));
    fc.assert(fc.property(times, ack, (ts, ackNs) => {
      expect(lastAck(ts, ackNs)).toBe(referenceLastAck(ts, ackNs));
    }), { numRuns: 1000 });
  });

  it("roundedLogNormal equals rounding logNormal under the cap", () => {
    const plain = (u: number, median: number, sigma: number, max: number) => Math.round(Math.min(max, logNormal(u, median, sigma)));
    fc.assert(fc.property(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.oneof(fc.integer({ min: 0, max: 1e7 }), fc.double({ min: 0, max: 1e9, noNaN: true })),
      fc.oneof(fc.constant(0), fc.double({ min: 0, max: 4, noNaN: true }), fc.double({ min: 4, max: 60, noNaN: true })),
      fc.constantFrom(MAX_SECTION_NS, 1e3, 2 ** 60),
      (u, median, sigma, max) => { expect(roundedLogNormal(u, median, sigma, max)).toBe(plain(u, median, sigma, max)); },
    ), { numRuns: 20000 });
    // A dense sweep of one stream, as the machine draw uses it: the quick path
    // decides nearly every case, so any disagreement would show here.
    const r = rng(SEED);
    for (let k = 0; k < 200000; k++) {
      const u = r.next(), median = 1 + Math.floor(r.next() * 1e6), sigma = r.next() * 2.5;
      if (roundedLogNormal(u, median, sigma, MAX_SECTION_NS) !== plain(u, median, sigma, MAX_SECTION_NS)) {
        throw new Error(`roundedLogNormal(${u}, ${median}, ${sigma}) differs`);
      }
    }
  });

  it("ahead lands where repeated next() lands, and leaves the stream where it was", () => {
    fc.assert(fc.property(fc.nat(), fc.integer({ min: 1, max: 5000 }), (seed, k) => {
      const a = rng(seed), b = rng(seed), c = rng(seed);
      for (let i = 1; i < k; i++) a.next();
      expect(b.ahead(k)).toBe(a.next());
      expect(b.next()).toBe(c.next());
    }), { numRuns: 300 });
  });
});

// Trace lines: the fields of the layouts trace-cmd, tracefs and perf print,
// with the variants and the traps (tabs, line separators, odd flags, long
// fractions, "sys:event" names), then random edits with the characters the
// scanner decides on.
const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const EDIT = [" ", "-", "[", "]", ":", ".", "0", "7", "a", "Z", "_", "\t", "\r", "\u2028", "(", ")", "=", ",", "<", ">", "/", "\u00a0", "é", "\u3000"];
const noise = fc.array(pick(EDIT), { maxLength: 6 }).map((xs) => xs.join(""));
const digits = (min: number, max: number) => fc.array(pick(["0", "1", "5", "9"]), { minLength: min, maxLength: max }).map((xs) => xs.join(""));
// Mostly what tracers print, sometimes a trap: most lines reach the end of the scanner.
const usually = <T>(good: fc.Arbitrary<T>, odd: fc.Arbitrary<T>) => fc.oneof({ weight: 20, arbitrary: good }, { weight: 1, arbitrary: odd });
const argToken = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(pick(["cpu", "csd", "func", "state", "cpu_id", "comm", "target_cpu", "prev_comm", "next_comm", "vector", "_x9", "__proto__", "constructor"]), usually(pick(["="]), pick([" = ", ": ", " =", ":"])), usually(pick(["3", "0xffff8880076148b8", "sched_ttwu_pending", "kworker/3:1", "swapper/2", "a=b", "4294967295", "try_to_wake_up+0x2ea", "R+"]), pick(["x,y", "", "v\tw", "é", "[v]"]))).map(([k, eq, v]) => `${k}${eq}${v}`) },
  { weight: 1, arbitrary: pick(["==>", "work struct=000000001cccdc2d", "function=xlog_cil_push_work [xfs]", "cpumask=00000001,00000080", "cpumask=0,2-5", "xcpumask=1", "a=cpumask=3", "9a=1", "é=1", "x=1,cpu=2", "k=[v]", "[xfs]", "==>x"]) },
  { weight: 1, arbitrary: noise },
);
const rest = fc.tuple(pick(["", " ", "        "]), fc.array(argToken, { maxLength: 7 }), usually(pick([" ", "  "]), pick(["\t", " \u3000"]))).map(([lead, ts, sep]) => lead + ts.join(sep));
const traceLine = fc.tuple(
  usually(pick(["", " ", "        "]), pick(["\t", "\u00a0"])),
  usually(pick(["<idle>", "kworker/18:1", "Web Content", "<...>", "a-b", "kworker/1:1H-kblockd", "CPU 0/KVM", "c", "é"]), fc.oneof(pick([" ", "x [1]", "a\tb", "a-1 [002] 5.5: e: x", "a\rb"]), noise)),
  usually(digits(1, 6), noise),
  usually(pick([" ", "   "]), pick(["\t", "", " \t"])),
  usually(pick(["", "", "(  123) "]), pick(["(-----) ", "(1)"])),
  usually(digits(1, 5), fc.oneof(digits(6, 7), noise)),
  usually(pick([" ", "  "]), pick(["", "\t"])),
  usually(pick(["", "d.h1. ", "d..2 ", "...1 ", "dN.2. "]), pick(["X ", "dN ", "d_h1. ", ".Zs1. ", "9ab ", "d.h1.  ", "d.h1.\t", "abcdef "])),
  usually(fc.oneof(fc.tuple(digits(1, 6), digits(6, 9)).map(([a, b]) => `${a}.${b}`), pick(["21.824263", "1000.000000000"])), fc.oneof(fc.tuple(digits(0, 20), digits(0, 20)).map(([a, b]) => `${a}.${b}`), pick(["6520.912873123456", "1.2.3", "9007199254740993.5"]))),
  usually(pick([": "]), pick([":", ":  ", ":\t"])),
  usually(pick(["csd_queue_cpu", "cpu_idle", "sched_switch", "ipi_send_cpumask", "e", "call_function_entry"]), fc.oneof(pick(["csd:csd_queue_cpu", "ev x", "ev:", "cpu-idle"]), noise)),
  usually(pick([":", ": "]), pick(["::", ":x", ""])),
  rest,
).map(([lead, comm, pid, pad, tgid, cpu, sep, flags, stamp, c1, event, c2, args]) => `${lead}${comm}-${pid}${pad}${tgid}[${cpu}]${sep}${flags}${stamp}${c1}${event}${c2}${args}`);
const edited = fc.tuple(traceLine, fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(fc.tuple(fc.nat(), fc.nat(3), pick(EDIT)), { maxLength: 3 }) })).map(([line, edits]) => edits.reduce((l, [at, how, c]) => {
  const i = at % (l.length + 1);
  return how === 0 ? l.slice(0, i) + c + l.slice(i) : how === 1 ? l.slice(0, i) + l.slice(i + 1) : how === 2 ? l.slice(0, i) + c + l.slice(i + 1) : l;
}, line));
const lineOrHeader = fc.oneof({ weight: 8, arbitrary: edited }, { weight: 1, arbitrary: pick(["CPU:3 [LOST 42 EVENTS]", "CPU:1 [7 EVENTS DROPPED]", "cpus=64", "CPU 0/KVM-12 [001] 1.5: e: x=1", "perf-exec 4242 [007] 12.000000002: csd:csd_queue_cpu: cpu=1"]) });
const ONLY = new Set(["csd_queue_cpu", "cpu_idle", "sched_switch", "e"]);
const plainArgs = (e: TraceEvent | null) => e && { ...e, args: { ...e.args } };

describe("the trace scanners read what the grammar reads", () => {
  it("parseLine equals the regular expressions on random lines: event, fields and stats, with and without a filter", () => {
    fc.assert(fc.property(lineOrHeader, fc.boolean(), (line, filter) => {
      const only = filter ? ONLY : undefined;
      const a = newStats(), b = newStats();
      expect(plainArgs(parseLine(line, a, only))).toEqual(plainArgs(parseLineByRegex(line, b, only)));
      expect(a).toEqual(b);
    }), { numRuns: 20000 });
  }, 120_000); // 2-6 s here, 22 s with two suites running at once

  it("a stream of random lines, in chunks of any size, gives the events and stats the grammar gives line by line", async () => {
    await fc.assert(fc.asyncProperty(fc.array(lineOrHeader, { maxLength: 40 }), fc.integer({ min: 1, max: 300 }), fc.boolean(), async (ls, chunk, filter) => {
      const only = filter ? ONLY : undefined;
      // A line holds no "\n" once split, and a trailing "\r" is the line ending's.
      const text = ls.map((l) => l.replace(/\n/g, " ")).join("\n");
      const got: unknown[] = [], stats = newStats();
      for await (const e of traceEvents(textStream(text, chunk), stats, { only })) got.push(plainArgs(e));
      const want = newStats();
      const lines = text.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
      if (lines.at(-1) === "") lines.pop();
      const expected = lines.map((l) => plainArgs(parseLineByRegex(l, want, only))).filter((e) => e);
      expect(got).toEqual(expected);
      expect(stats).toEqual(want);
    }), { numRuns: 1000 });
  });

  it("parseArgs equals the regex, and argOf and argsOf equal parseArgs(text)[key], on random argument texts", () => {
    fc.assert(fc.property(rest, pick(["cpu", "csd", "func", "state", "cpu_id", "comm", "next_comm", "cpumask", "work struct", "x", "__proto__"]), (text, key) => {
      expect({ ...parseArgs(text) }).toEqual({ ...argsByRegex(text) });
      expect(argOf(text, key)).toBe(argsByRegex(text)[key]);
      const keys = [key, "cpu", "next_comm", key];
      expect(argsOf(text, keys)).toEqual(keys.map((k) => argsByRegex(text)[k]));
    }), { numRuns: 20000 });
  }, 120_000); // 2-11 s here, 24 s with two suites running at once
});

// The bootstrap as written before rank counting: copy each resample, then compute the statistic.
function plainBootstrap(xs: readonly number[], stat: (ys: readonly number[]) => number) {
  const r = rng(20221122, 7);
  const reps: number[] = [];
  for (let b = 0; b < 200; b++) {
    const ys = Array.from(xs, () => xs[Math.floor(r.next() * xs.length)]);
    reps.push(stat(ys));
  }
  reps.sort((a, b) => a - b);
  return { value: stat(xs), low: reps[10], high: reps[189] };
}
const plainMedian = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b), n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const plainLogNormal = (xs: readonly number[]) => {
  const ls = xs.map(Math.log);
  const mu = ls.reduce((a, b) => a + b, 0) / ls.length;
  return { median: Math.exp(mu), sigma: Math.sqrt(ls.reduce((a, b) => a + (b - mu) ** 2, 0) / Math.max(1, ls.length - 1)) };
};

describe("the fit's bootstrap equals resampling by copy", () => {
  const samples = fc.array(fc.oneof(fc.integer({ min: 1, max: 20 }), fc.double({ min: 1, max: 1e6, noNaN: true })), { minLength: 1, maxLength: 400 });
  it("bootstrapMedian: the same estimate and interval (ties, odd and even sizes)", () => {
    fc.assert(fc.property(samples, (xs) => {
      expect(bootstrapMedian(xs)).toEqual(plainBootstrap(xs, plainMedian));
    }), { numRuns: 300 });
  });
  it("median by selection equals the middle of a sort (ties, signs, infinities, odd and even sizes)", () => {
    const values = fc.array(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: true }), fc.constant(Infinity), fc.constant(-Infinity)), { minLength: 1, maxLength: 300 });
    fc.assert(fc.property(values, (xs) => {
      const s = Float64Array.from(xs).sort();
      const n = s.length;
      // (-0 and 0 are one value to a median: compared with ==.)
      const want = n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
      const got = median(xs);
      expect(got === want || (Number.isNaN(got) && Number.isNaN(want))).toBe(true);
    }), { numRuns: 2000 });
  });
  it("bootstrapLine: a resample put in x order by counting equals sorting its positions", () => {
    // The line as written before: the positions sorted, medians by sorting.
    const sortMedian = (v: number[]) => { const s = Float64Array.from(v).sort(); const n = s.length; return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };
    const line = (xs: readonly number[], ys: readonly number[], idx: ArrayLike<number>) => {
      const n = idx.length, m = Math.floor(n / 2), slopes: number[] = [];
      for (let j = 0; j + m < n; j++) { const dx = xs[idx[j + m]] - xs[idx[j]]; if (dx > 0) slopes.push((ys[idx[j + m]] - ys[idx[j]]) / dx); }
      if (!slopes.length) return { a: NaN, b: NaN };
      const b = sortMedian(slopes);
      return { a: sortMedian(Array.from(idx, (i) => ys[i] - b * xs[i])), b };
    };
    const points = fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 5000 })), { minLength: 2, maxLength: 200 });
    fc.assert(fc.property(points, (pts) => {
      const xs = pts.map((q) => q[0]), ys = pts.map((q) => q[1]), n = xs.length;
      const order = Array.from(xs.keys()).sort((i, j) => xs[i] - xs[j]);
      const r = rng(20221122, 7), as: number[] = [], bs: number[] = [];
      for (let k = 0; k < 200; k++) {
        const pick = Int32Array.from({ length: n }, () => Math.floor(r.next() * n)).sort();
        const f = line(xs, ys, Array.from(pick, (i) => order[i]));
        as.push(f.a);
        bs.push(f.b);
      }
      const all = line(xs, ys, order);
      const iv = (value: number, reps: number[]) => { reps.sort((a, b) => a - b); return { value, low: reps[10], high: reps[189] }; };
      expect(bootstrapLine(xs, ys)).toEqual({ a: iv(all.a, as), b: iv(all.b, bs) });
    }), { numRuns: 200 });
  });
  it("bootstrapLogNormal: the same median and σ with their intervals", () => {
    fc.assert(fc.property(samples, (xs) => {
      const got = bootstrapLogNormal(xs);
      expect(got.median).toEqual(plainBootstrap(xs, (ys) => plainLogNormal(ys).median));
      expect(got.sigma).toEqual(plainBootstrap(xs, (ys) => plainLogNormal(ys).sigma));
    }), { numRuns: 300 });
  });
});
