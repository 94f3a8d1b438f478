/**
 * Kernel trace text, line by line and as a stream: `trace-cmd report -t`
 * (ns timestamps), raw tracefs `trace` (µs: the values are interval-censored
 * to a microsecond, and the result says so), `perf script --ns`. Pure: bytes
 * in (a ReadableStream<Uint8Array>, gzip through the web platform's
 * DecompressionStream), events out, in bounded memory whatever the size.
 *
 * The layout is ftrace's (Documentation/trace/ftrace.rst):
 * `TASK-PID [CPU] FLAGS TIMESTAMP: event: args`, with the variants the
 * kernels print: 4 or 5 flag characters or none (irq-info off), a
 * `(  tgid)` column (record-tgid), comms with spaces or dashes, event names
 * padded by trace-cmd, `[LOST n EVENTS]` / `[n EVENTS DROPPED]` lines, a
 * `cpus=N` header. Event formats: include/trace/events/{ipi,csd,
 * workqueue,sched,power,cpuhp}.h and arch/x86/include/asm/trace/
 * irq_vectors.h (../shared/trace-calibration.md lists them).
 */

/** One trace event: who, where, when (ns), what, and its arguments as key=value pairs. */
export interface TraceEvent {
  /** The task's comm ("<idle>", "kworker/18:1", "<...>"). */
  comm: string;
  /** Its pid. */
  pid: number;
  /** The CPU that recorded it. */
  cpu: number;
  /** Timestamp, ns (from µs input: the µs value times 1,000). */
  ts: number;
  /** The event's name without its system ("csd_queue_cpu", "call_function_entry"). */
  event: string;
  /** key=value arguments ("cpu", "csd", "func", "state", "cpu_id", "work struct", ...). */
  args: Record<string, string>;
}

/** What a parse saw besides events. */
export interface ParseStats {
  /** Lines read. */
  lines: number;
  /** Events parsed. */
  events: number;
  /** Lines that were no event (headers, comments, garbage), counted, never thrown. */
  skipped: number;
  /** Lines longer than MAX_LINE, dropped. */
  tooLong: number;
  /** Events the tracer lost, by CPU (LOST / DROPPED lines). */
  lost: Record<number, number>;
  /** The timestamps' resolution: "ns" (9 decimals), "us" (6: tracefs text, censored to a µs), or "unknown". */
  resolution: "ns" | "us" | "unknown";
  /** The `cpus=N` header of trace-cmd report, if any. */
  cpus: number | null;
}

/** The longest line kept (longer ones are counted and dropped: bounded memory on any input). */
export const MAX_LINE = 16_384;

// TASK-PID, optional (tgid), [CPU], optional flags, timestamp, event, args.
const LINE = /^\s*(.+?)-(\d+)\s+(?:\(\s*(?:\d+|-+)\s*\)\s+)?\[(\d{1,5})\]\s+(?:([a-zA-Z.][a-zA-Z0-9.]{2,4})\s+)?(\d+)\.(\d+):\s+([\w:]+):\s*(.*)$/;
// perf script --ns: COMM PID [CPU] TIMESTAMP: system:event: args (no flags, the pid after a space).
const PERF = /^\s*(.+?)\s+(\d+)\s+\[(\d{1,5})\]\s+(\d+)\.(\d+):\s+([\w]+:[\w]+):\s*(.*)$/;
const LOST = /^CPU:\s*(\d+)\s+\[(?:LOST\s+(\d+)\s+EVENTS|(\d+)\s+EVENTS\s+DROPPED)\]/;
const CPUS = /^cpus=(\d+)\s*$/;
// key=value pairs; a value runs to the next " key=" (func=sched_ttwu_pending csd=0x...), and "work struct" is one key.
const PAIR = /(work struct|[A-Za-z_][\w]*)\s*[=:]\s*([^\s,]+(?:\s\[[^\]]*\])?)/g;

/** A fresh stats record. */
export function newStats(): ParseStats {
  return { lines: 0, events: 0, skipped: 0, tooLong: 0, lost: {}, resolution: "unknown", cpus: null };
}

/**
 * One line to an event, or null (the stats count what it was). With
 * `only`, events of other names are counted but not built (their arguments
 * are never parsed): most of a trace is events a fit does not read.
 */
export function parseLine(line: string, stats: ParseStats = newStats(), only?: ReadonlySet<string>): TraceEvent | null {
  stats.lines++;
  if (line.length > MAX_LINE) { stats.tooLong++; return null; }
  const lost = LOST.exec(line);
  if (lost) {
    const cpu = Number(lost[1]);
    stats.lost[cpu] = (stats.lost[cpu] ?? 0) + Number(lost[2] ?? lost[3]);
    return null;
  }
  const cpus = CPUS.exec(line);
  if (cpus) { stats.cpus = Number(cpus[1]); return null; }
  let comm: string, pid: string, cpu: string, secs: string, frac: string, event: string, rest: string;
  const fast = fastSplit(line);
  if (fast) {
    [comm, pid, cpu, secs, frac, event, rest] = fast;
    return build(comm, pid, cpu, secs, frac, event, rest, stats, only);
  }
  const m = LINE.exec(line);
  if (m) [, comm, pid, cpu, , secs, frac, event, rest] = m;
  else {
    const q = PERF.exec(line);
    if (!q) { stats.skipped++; return null; }
    [, comm, pid, cpu, secs, frac, event, rest] = q;
  }
  return build(comm, pid, cpu, secs, frac, event, rest, stats, only);
}

/**
 * The common layout without a regular expression: "COMM-PID [CPU] FLAGS
 * SECS.FRAC: EVENT: ARGS" found by its brackets and colons (the regex
 * handles every other variant). Returns undefined when unsure.
 */
function fastSplit(line: string): string[] | undefined {
  const open = line.indexOf(" [");
  if (open < 0) return undefined;
  const close = line.indexOf("]", open);
  if (close < 0 || close - open > 8) return undefined;
  const dash = line.lastIndexOf("-", open);
  if (dash <= 0) return undefined;
  const pid = line.slice(dash + 1, open).trim();
  const cpu = line.slice(open + 2, close);
  const colon = line.indexOf(": ", close);
  if (colon < 0) return undefined;
  const head = line.slice(close + 1, colon).trim();
  const space = head.lastIndexOf(" ");
  const stamp = space >= 0 ? head.slice(space + 1) : head;
  const dot = stamp.indexOf(".");
  const colon2 = line.indexOf(":", colon + 2);
  // "system:event:" names (perf script) take the regex path.
  if (dot <= 0 || colon2 < 0 || (colon2 + 1 < line.length && line[colon2 + 1] !== " ") || !/^\d+$/.test(pid) || !/^\d+$/.test(cpu)) return undefined;
  const secs = stamp.slice(0, dot), frac = stamp.slice(dot + 1);
  if (!/^\d+$/.test(secs) || !/^\d+$/.test(frac)) return undefined;
  const event = line.slice(colon + 2, colon2).trim();
  if (!/^[\w:]+$/.test(event)) return undefined;
  return [line.slice(0, dash), pid, cpu, secs, frac, event, line.slice(colon2 + 1).trim()];
}

function build(comm: string, pid: string, cpu: string, secs: string, frac: string, event: string, rest: string, stats: ParseStats, only?: ReadonlySet<string>): TraceEvent | null {
  const digits = frac.length;
  if (digits >= 9) stats.resolution = "ns";
  else if (digits === 6 && stats.resolution !== "ns") stats.resolution = "us";
  const ts = Number(secs) * 1e9 + Number(frac.padEnd(9, "0").slice(0, 9));
  if (!Number.isFinite(ts)) { stats.skipped++; return null; }
  const name = event.includes(":") ? event.slice(event.lastIndexOf(":") + 1) : event;
  stats.events++;
  if (only && !only.has(name)) return null;
  return { comm: comm.trim(), pid: Number(pid), cpu: Number(cpu), ts, event: name, args: parseArgs(rest) };
}

/** key=value arguments of an event ("cpu=0 callsite=try_to_wake_up+0x2ea func=sched_ttwu_pending csd=0x..."). */
export function parseArgs(text: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  // sched_switch: "prev_comm=a prev_pid=1 ... ==> next_comm=b ..." parses as pairs too.
  for (const m of text.matchAll(PAIR)) if (!(m[1] in out)) out[m[1]] = m[2];
  // A cpumask keeps its commas: hex words (00000000,00000080) or a list (0,2-5, with bitmask-list).
  const mask = /cpumask=(\S+)/.exec(text);
  if (mask) out.cpumask = mask[1];
  return out;
}

/** The CPUs of a cpumask as ipi_send_cpumask prints it: hex words, most significant first ("00000000,00000080"), or a list ("0,2-5"). */
export function maskCpus(mask: string): number[] {
  if (/^[0-9a-f]+(,[0-9a-f]+)*$/i.test(mask) && !/-/.test(mask) && mask.split(",").every((w) => w.length === 8)) {
    const words = mask.split(",").reverse();
    const cpus: number[] = [];
    words.forEach((w, k) => { const v = parseInt(w, 16); for (let b = 0; b < 32; b++) if (v & (1 << b)) cpus.push(k * 32 + b); });
    return cpus;
  }
  return mask.split(",").flatMap((part) => {
    const [a, b] = part.split("-").map(Number);
    if (!Number.isInteger(a) || (b !== undefined && !Number.isInteger(b)) || (b ?? a) - a > 65_536) return [];
    return Array.from({ length: (b ?? a) - a + 1 }, (_, i) => a + i);
  });
}

/** Lines of a stream of bytes, decoded as UTF-8, each at most MAX_LINE characters kept (longer ones become an overlong marker). */
export async function* lines(stream: ReadableStream<Uint8Array>, onBytes?: (n: number) => void, signal?: AbortSignal): AsyncGenerator<string> {
  for await (const batch of lineBatches(stream, onBytes, signal)) yield* batch;
}

/** lines() a chunk at a time: one await per chunk of the stream, not per line. */
export async function* lineBatches(stream: ReadableStream<Uint8Array>, onBytes?: (n: number) => void, signal?: AbortSignal): AsyncGenerator<string[]> {
  const reader = stream.getReader();
  const decoder = new TextDecoder("utf-8");
  const OVERLONG = "\u0000".repeat(MAX_LINE + 1);
  let carry = "";
  let overlong = false;
  try {
    for (;;) {
      if (signal?.aborted) throw new DOMException("trace reading was cancelled", "AbortError");
      const { done, value } = await reader.read();
      if (done) break;
      onBytes?.(value.byteLength);
      const text = carry + decoder.decode(value, { stream: true });
      const batch: string[] = [];
      let start = 0;
      for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", start)) {
        const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        batch.push(overlong ? OVERLONG : text.slice(start, end));
        overlong = false;
        start = nl + 1;
      }
      carry = text.slice(start);
      // A line that never ends is not kept whole: its head marks it overlong, the rest is dropped.
      if (carry.length > MAX_LINE) { carry = ""; overlong = true; }
      if (batch.length) yield batch;
    }
    const tail = carry + decoder.decode();
    if (overlong) yield [OVERLONG];
    else if (tail) yield [tail];
  } finally {
    reader.releaseLock();
  }
}

/** A byte stream, gunzipped when it starts with gzip's magic bytes (through the platform's DecompressionStream). */
export async function maybeGunzip(stream: ReadableStream<Uint8Array>): Promise<ReadableStream<Uint8Array>> {
  // Read the first chunk, then hand on a stream that starts with it (no tee: one reader, one pass).
  const reader = stream.getReader();
  const head = await reader.read();
  const first = head.done ? undefined : head.value;
  let started = false;
  const whole = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        if (first) { controller.enqueue(first); return; }
      }
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  const gz = first !== undefined && first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b;
  return gz ? whole.pipeThrough(new DecompressionStream("gzip") as unknown as TransformStream<Uint8Array, Uint8Array>) : whole;
}

/** The events of a trace stream, one at a time, with the stats filled as it goes. */
export async function* traceEvents(stream: ReadableStream<Uint8Array>, stats: ParseStats = newStats(), options: { onBytes?: (n: number) => void; signal?: AbortSignal; only?: ReadonlySet<string> } = {}): AsyncGenerator<TraceEvent> {
  for await (const batch of eventBatches(stream, stats, options)) yield* batch;
}

/** traceEvents() a chunk at a time (one await per chunk: what fitTrace reads). */
export async function* eventBatches(stream: ReadableStream<Uint8Array>, stats: ParseStats = newStats(), options: { onBytes?: (n: number) => void; signal?: AbortSignal; only?: ReadonlySet<string> } = {}): AsyncGenerator<TraceEvent[]> {
  for await (const batch of lineBatches(await maybeGunzip(stream), options.onBytes, options.signal)) {
    const out: TraceEvent[] = [];
    for (const line of batch) {
      const e = parseLine(line, stats, options.only);
      if (e) out.push(e);
    }
    if (out.length) yield out;
  }
}

/** A string as a byte stream (tests, the notebook). */
export function textStream(text: string, chunk = 65_536): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) { controller.close(); return; }
      controller.enqueue(bytes.subarray(at, at + chunk));
      at += chunk;
    },
  });
}
