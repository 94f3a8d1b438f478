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
 *
 * Speed: each chunk of the stream is decoded once, up to its last newline
 * byte, and its lines are read in place as spans of that string (no string
 * per line); the fit takes them through visitRawEvents as one reused
 * RawLine whose comm and arguments stay spans until asked for. The regular
 * expressions are the grammar; the scanners accept exactly what they
 * accept (test/fast-paths.test.ts).
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

/** A TraceEvent before its arguments are split: `rest` is the text after "event:" (argOf reads one key of it). */
export interface RawEvent {
  comm: string;
  pid: number;
  cpu: number;
  ts: number;
  event: string;
  rest: string;
}

/**
 * A RawEvent read in place, one object reused for every line of a stream:
 * the comm and the arguments stay spans of the decoded chunk until asked
 * for, so the fit (which reads a few keys of most lines and never the
 * comm) makes no string per line. Valid until the next line is read.
 */
export class RawLine {
  cpu = 0;
  pid = 0;
  ts = 0;
  event = "";
  /** The comm is commSrc[commAt, commEnd), trimmed when trimComm. */
  commSrc = "";
  commAt = 0;
  commEnd = 0;
  trimComm = false;
  /** The arguments are text[restAt, end). */
  text = "";
  restAt = 0;
  end = 0;
  /** Which chunk `text` is (a serial: comparing the strings would compare their characters). */
  chunk = 0;
  /** Whether set() put another text in (the regex's strings): the next scanned line puts the chunk's back. */
  lent = false;
  /** Reads lines of `text` next, chunk number `chunk`. */
  reset(text: string, chunk: number): void {
    this.text = this.commSrc = text;
    this.chunk = chunk;
    this.lent = false;
  }
  get comm(): string {
    const c = this.commSrc.slice(this.commAt, this.commEnd);
    return this.trimComm ? c.trim() : c;
  }
  get rest(): string {
    return this.text.slice(this.restAt, this.end);
  }
  /** argsOf(rest, keys), read in place. */
  args(keys: readonly string[]): (string | undefined)[] {
    return argsIn(this.text, this.restAt, this.end, keys);
  }
  /** A copy that outlives the line. */
  copy(): RawEvent {
    return { comm: this.comm, pid: this.pid, cpu: this.cpu, ts: this.ts, event: this.event, rest: this.rest };
  }
  /** Filled from a RawEvent (the regex's reading). */
  set(r: RawEvent): void {
    this.cpu = r.cpu; this.pid = r.pid; this.ts = r.ts; this.event = r.event;
    this.commSrc = r.comm; this.commAt = 0; this.commEnd = r.comm.length; this.trimComm = false;
    this.text = r.rest; this.restAt = 0; this.end = r.rest.length;
    this.lent = true;
  }
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
 *
 * The regular expressions above are the grammar (parseLineByRegex); the
 * common layout takes a scanner that accepts exactly what they accept
 * (test/fast-paths.test.ts checks it on random lines) at several times
 * their speed.
 */
export function parseLine(line: string, stats: ParseStats = newStats(), only?: ReadonlySet<string>): TraceEvent | null {
  const r = parseRaw(line, stats, only);
  return r && withArgs(r);
}

/** A raw event with its arguments split (by the scanner, or by the grammar's regex). */
function withArgs(r: RawEvent, split: (text: string) => Record<string, string> = parseArgs): TraceEvent {
  return { comm: r.comm, pid: r.pid, cpu: r.cpu, ts: r.ts, event: r.event, args: split(r.rest) };
}

/**
 * parseLine without splitting the arguments. `clean` says the caller has
 * checked the line holds no line terminator (lineChunks does it once per
 * chunk of the stream).
 */
function parseRaw(line: string, stats: ParseStats = newStats(), only?: ReadonlySet<string>, clean = false): RawEvent | null {
  const out = new RawLine();
  out.reset(line, nextChunk());
  return parseSpan(line, 0, line.length, stats, only, clean, out) ? out.copy() : null;
}

/**
 * parseRaw of the line text[s, e), read in place: a chunk of the stream is
 * scanned without a string per line (s < 0 marks a line cut as overlong).
 */
function parseSpan(text: string, s: number, e: number, stats: ParseStats, only: ReadonlySet<string> | undefined, clean: boolean, out: RawLine): boolean {
  stats.lines++;
  if (s < 0 || e - s > MAX_LINE) { stats.tooLong++; return false; }
  const c0 = text.charCodeAt(s);
  // LOST/DROPPED lines start "CPU:", the header "cpus=" (a comm may start with C too: the regex decides).
  if ((c0 === 67 || c0 === 99) && header(text.slice(s, e), stats)) return false;
  const fast = scan(text, s, e, stats, only, clean, out);
  if (fast !== UNDECIDED) return fast === EVENT;
  const r = byRegex(text.slice(s, e), stats, only);
  if (r) out.set(r);
  return r !== null;
}

/** What scan made of a line: an event (in `out`), no event, or one for the regex to decide. */
const EVENT = 1, NONE = 0, UNDECIDED = -1;

/** parseLine without the scanner: the grammar itself, for tests. */
export function parseLineByRegex(line: string, stats: ParseStats = newStats(), only?: ReadonlySet<string>): TraceEvent | null {
  stats.lines++;
  if (line.length > MAX_LINE) { stats.tooLong++; return null; }
  if (header(line, stats)) return null;
  const r = byRegex(line, stats, only);
  return r && withArgs(r, argsByRegex);
}

function header(line: string, stats: ParseStats): boolean {
  const lost = LOST.exec(line);
  if (lost) {
    const cpu = Number(lost[1]);
    stats.lost[cpu] = (stats.lost[cpu] ?? 0) + Number(lost[2] ?? lost[3]);
    return true;
  }
  const cpus = CPUS.exec(line);
  if (cpus) { stats.cpus = Number(cpus[1]); return true; }
  return false;
}

function byRegex(line: string, stats: ParseStats, only?: ReadonlySet<string>): RawEvent | null {
  let comm: string, pid: string, cpu: string, secs: string, frac: string, event: string, rest: string;
  const m = LINE.exec(line);
  if (m) [, comm, pid, cpu, , secs, frac, event, rest] = m;
  else {
    const q = PERF.exec(line);
    if (!q) { stats.skipped++; return null; }
    [, comm, pid, cpu, secs, frac, event, rest] = q;
  }
  return build(comm, pid, cpu, secs, frac, event, rest, stats, only);
}

const isDigit = (c: number) => c >= 48 && c <= 57;
/** \w by character code (a table: one load per character). */
const WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) WORD[c] = Number(/\w/.test(String.fromCharCode(c)));
const isWord = (c: number) => c < 128 && WORD[c] === 1;
/** The value of the digits in [a, b), or -1 unless all are digits (and at least one); past 15 digits by Number(), which rounds as the grammar's Number() does. */
function digitsValue(s: string, a: number, b: number): number {
  if (a >= b) return -1;
  let v = 0;
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return b - a > 15 ? Number(s.slice(a, b)) : v;
}

/**
 * The names of a filter by length, so the scanner compares a line's event
 * name in place (no string made, no hash) with the few names of its
 * length. The last filter is kept at hand.
 */
let lastOnly: ReadonlySet<string> | undefined;
let lastSize = 0;
let lastNames: (string[] | undefined)[] = [];
function namesOf(only: ReadonlySet<string>): (string[] | undefined)[] {
  if (only === lastOnly && only.size === lastSize) return lastNames;
  const byLength: (string[] | undefined)[] = [];
  // Only names of word characters: a line's name read in place is one (others take the regex).
  for (const name of only) if (name.length && [...name].every((ch) => isWord(ch.charCodeAt(0)))) (byLength[name.length] ??= []).push(name);
  lastOnly = only;
  lastSize = only.size;
  return (lastNames = byLength);
}

/**
 * The common layout, "COMM-PID [CPU] FLAGS SECS.FRAC: EVENT: ARGS" with
 * spaces around the fields (what trace-cmd and tracefs print), found by
 * its brackets and colons in the line text[s, e). Returns undefined for
 * anything else (the regex decides), never a different reading of the same
 * line. Every search is a loop bounded by the line: a library indexOf would
 * run on into the rest of the chunk.
 */
function scan(text: string, s: number, e: number, stats: ParseStats, only: ReadonlySet<string> | undefined, clean: boolean, out: RawLine): number {
  const open = OPEN.within(text, out.chunk, s, e - 1);
  if (open < 0) return UNDECIDED;
  // [CPU]: 1-5 digits, then a space.
  let close = -1;
  for (let i = open + 2, end = Math.min(e, open + 8); i < end; i++) if (text.charCodeAt(i) === 93) { close = i; break; }
  if (close - open < 3 || charIn(text, s, e, close + 1) !== 32) return UNDECIDED;
  const cpu = digitsValue(text, open + 2, close);
  if (cpu < 0) return UNDECIDED;
  // Line terminators inside a line: the regex's "." stops at them.
  if (!clean && terminated(text.slice(s, e))) return UNDECIDED;
  // -PID, padded with spaces before " [" (or before a "(  TGID) " column): the last dash before it.
  let pe = open;
  while (pe > s && text.charCodeAt(pe - 1) === 32) pe--;
  if (charIn(text, s, e, pe - 1) === 41) {
    // "(", spaces, digits or dashes, spaces, ")", then at least one space.
    let q = pe - 1;
    while (q > s && text.charCodeAt(q - 1) === 32) q--;
    const ve = q, digit = isDigit(charIn(text, s, e, q - 1));
    while (q > s && (digit ? isDigit(text.charCodeAt(q - 1)) : text.charCodeAt(q - 1) === 45)) q--;
    if (q === ve) return UNDECIDED;
    while (q > s && text.charCodeAt(q - 1) === 32) q--;
    if (charIn(text, s, e, q - 1) !== 40 || charIn(text, s, e, q - 2) !== 32) return UNDECIDED;
    pe = q - 1;
    while (pe > s && text.charCodeAt(pe - 1) === 32) pe--;
  }
  let ps = pe;
  while (ps > s && isDigit(text.charCodeAt(ps - 1))) ps--;
  if (ps === pe || ps - s < 2 || text.charCodeAt(ps - 1) !== 45) return UNDECIDED;
  // A "[" in the comm after whitespace other than a space could be the regex's earlier split: then the comm holds none.
  // (The first "[" from s is at most open + 1: the search stays in the line.)
  if (text.indexOf("[", s) < open) for (let i = s; i < ps - 1; i++) { const c = text.charCodeAt(i); if (c < 32 || (c > 126 && (c === 0xa0 || c >= 0x1680))) return UNDECIDED; }
  // Spaces, optional flags (a letter or ".", then 2-4 of letters, digits, "."), spaces, then SECS.FRAC": ".
  let at = close + 1;
  while (charIn(text, s, e, at) === 32) at++;
  let t = at;
  while (t < e && text.charCodeAt(t) !== 32 && text.charCodeAt(t) !== 58) t++;
  if (charIn(text, s, e, t) === 32) {
    const n = t - at, c = charIn(text, s, e, at);
    if (n < 3 || n > 5 || !(c === 46 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return UNDECIDED;
    for (let i = at + 1; i < t; i++) { const d = text.charCodeAt(i); if (!(d === 46 || isWord(d)) || d === 95) return UNDECIDED; }
    at = t;
    while (charIn(text, s, e, at) === 32) at++;
  }
  // SECS "." FRAC ":" in one pass: digits, a dot, digits, the first colon (the grammar's first "." and
  // first ":" after the flags, with only digits around the dot).
  let i = at;
  let secs = 0;
  while (i < e) { const d = text.charCodeAt(i) - 48; if (d < 0 || d > 9) break; secs = secs * 10 + d; i++; }
  const dot = i;
  if (dot === at || charIn(text, s, e, dot) !== 46) return UNDECIDED;
  // Past 15 digits by Number(), which rounds as the grammar's Number() does.
  if (dot - at > 15) secs = Number(text.slice(at, dot));
  let ns = 0;
  for (i = dot + 1; i < e; i++) { const d = text.charCodeAt(i) - 48; if (d < 0 || d > 9) break; if (i - dot <= 9) ns = ns * 10 + d; }
  const colon = i;
  const frac = colon - dot - 1;
  if (frac === 0 || charIn(text, s, e, colon) !== 58 || charIn(text, s, e, colon + 1) !== 32) return UNDECIDED;
  // EVENT after spaces: word characters, then ":" and a space or the end (the regex's greedy "[\w:]+:" reads "a:b:" otherwise).
  let es = colon + 2;
  while (charIn(text, s, e, es) === 32) es++;
  let ee = es;
  while (ee < e && isWord(text.charCodeAt(ee))) ee++;
  if (ee === es || charIn(text, s, e, ee) !== 58 || (ee + 1 < e && text.charCodeAt(ee + 1) !== 32)) return UNDECIDED;
  // The filter's names of this length, compared in place (no string made).
  let event: string | undefined;
  if (only) {
    const names = namesOf(only)[ee - es];
    if (names) for (let k = 0; k < names.length; k++) if (sameAt(text, es, names[k])) { event = names[k]; break; }
  }
  // An all-whitespace comm: the grammar's "^\s*" keeps it and looks for a later split first.
  let cs = s;
  while (cs < ps - 1 && text.charCodeAt(cs) === 32) cs++;
  // Other whitespace at either end: trim() knows which characters are (the comm is made only if asked for).
  const trimComm = cs < ps - 1 && !(plain(text.charCodeAt(cs)) && plain(text.charCodeAt(ps - 2)));
  if (cs === ps - 1 || (trimComm && text.slice(cs, ps - 1).trim() === "")) return UNDECIDED;
  if (frac >= 9) stats.resolution = "ns";
  else if (frac === 6 && stats.resolution !== "ns") stats.resolution = "us";
  const ts = secs * 1e9 + (frac >= 9 ? ns : ns * 10 ** (9 - frac));
  if (!Number.isFinite(ts)) { stats.skipped++; return NONE; }
  stats.events++;
  if (only) { if (event === undefined) return NONE; } else event = text.slice(es, ee);
  out.cpu = cpu; out.pid = digitsValue(text, ps, pe); out.ts = ts; out.event = event;
  out.commAt = cs; out.commEnd = ps - 1; out.trimComm = trimComm;
  out.restAt = ee + 1; out.end = e;
  // The chunk's text is stored once per chunk (at(), by the caller): storing a young string into the
  // long-lived line costs a write barrier's slow path, several times the rest of these stores.
  if (out.lent) out.reset(text, out.chunk);
  return EVENT;
}

/** The line text[s, e)'s character i, -1 outside it (where the line's charCodeAt gives NaN). */
const charIn = (text: string, s: number, e: number, i: number) => (i >= s && i < e ? text.charCodeAt(i) : -1);

/**
 * The first `needle` at or after `from`, by the library's (vectorised)
 * indexOf, remembering the last answer: the lines of a chunk ask in
 * increasing order, and an answer past a line stays good for the lines
 * before it, so a chunk of lines that lack the needle costs one search,
 * not one per line.
 */
class Finder {
  private chunk = -1;
  private from = 0;
  private at = -1;
  constructor(private readonly needle: string) {}
  /** Its first position p with from <= p < to (the needle wholly before `to` + its length - 1), or -1; `chunk` names the text (a serial). */
  within(text: string, chunk: number, from: number, to: number): number {
    let at: number;
    if (chunk === this.chunk && from >= this.from && (this.at < 0 || from <= this.at)) at = this.at;
    else { at = text.indexOf(this.needle, from); this.chunk = chunk; this.from = from; this.at = at; }
    return at >= 0 && at < to ? at : -1;
  }
}
/** A new serial for each text scanned (Finder's memo and RawLine.chunk). */
let chunks = 0;
export const nextChunk = () => ++chunks;
const OPEN = new Finder(" [");

/** Whether text holds `name` at `at` (a character loop: most names differ within a few characters). */
function sameAt(text: string, at: number, name: string): boolean {
  for (let k = 0; k < name.length; k++) if (text.charCodeAt(at + k) !== name.charCodeAt(k)) return false;
  return true;
}

/** A printable ASCII character other than the space (no trim() needed at that end). */
const plain = (c: number) => c > 32 && c < 127;

/** A line break inside a text (the regex's "." stops at each). */
const terminated = (text: string) => text.indexOf("\r") >= 0 || text.indexOf("\n") >= 0 || text.indexOf("\u2028") >= 0 || text.indexOf("\u2029") >= 0;

function build(comm: string, pid: string, cpu: string, secs: string, frac: string, event: string, rest: string, stats: ParseStats, only?: ReadonlySet<string>): RawEvent | null {
  const digits = frac.length;
  if (digits >= 9) stats.resolution = "ns";
  else if (digits === 6 && stats.resolution !== "ns") stats.resolution = "us";
  const ts = Number(secs) * 1e9 + Number(frac.padEnd(9, "0").slice(0, 9));
  if (!Number.isFinite(ts)) { stats.skipped++; return null; }
  const name = event.includes(":") ? event.slice(event.lastIndexOf(":") + 1) : event;
  stats.events++;
  if (only && !only.has(name)) return null;
  return { comm: comm.trim(), pid: Number(pid), cpu: Number(cpu), ts, event: name, rest };
}

/**
 * key=value arguments of an event ("cpu=0 callsite=try_to_wake_up+0x2ea
 * func=sched_ttwu_pending csd=0x..."). Plain "key=value" words take a
 * scanner; anything else (a comma, a "[module]" suffix, "work struct",
 * "key: value", a cpumask) takes the regex, which is the grammar
 * (argsByRegex; test/fast-paths.test.ts checks they agree).
 */
export function parseArgs(text: string): Record<string, string> {
  // A cpumask keeps its commas, and the grammar finds "cpumask=" anywhere.
  if (text.includes("cpumask=")) return argsByRegex(text);
  const out: Record<string, string> = Object.create(null);
  for (let i = 0; ;) {
    const v = nextPair(text, i, text.length);
    if (v === END) return out;
    if (v === ODD) return argsByRegex(text);
    const key = text.slice(pair[0], pair[1]);
    if (!(key in out)) out[key] = text.slice(pair[1] + 1, v);
    i = v;
  }
}

/**
 * parseArgs(text)[key] without building the record: the fit reads one or
 * two keys of a few events, and a record per event costs more than the
 * rest of the line. The pairs before the first `key` decide it, as in the
 * grammar's left-to-right scan.
 */
export function argOf(text: string, key: string): string | undefined {
  return argsOf(text, [key])[0];
}

/** argOf for several keys in one pass over the pairs (the fit reads two keys of most events it reads). */
export function argsOf(text: string, keys: readonly string[]): (string | undefined)[] {
  return argsIn(text, 0, text.length, keys);
}

/** argsOf(text.slice(from, to), keys) without the slice (the fit reads a line's arguments in its chunk). */
function argsIn(text: string, from: number, to: number, keys: readonly string[]): (string | undefined)[] {
  // A cpumask keeps its commas, and the grammar finds "cpumask=" anywhere: parseArgs decides.
  if (keys.includes("cpumask")) { const all = parseArgs(text.slice(from, to)); return keys.map((k) => all[k]); }
  const out = new Array<string | undefined>(keys.length).fill(undefined);
  let left = keys.length;
  // Leading whitespace of any kind holds no pair (the padding after a name is most of a line's arguments):
  // spaces by a loop, anything else by trimStart(), which knows what whitespace is.
  let i = from;
  while (i < to && text.charCodeAt(i) === 32) i++;
  if (i < to && !plain(text.charCodeAt(i))) { const t = text.slice(from, to); i = from + t.length - t.trimStart().length; }
  while (left > 0) {
    const v = nextPair(text, i, to);
    if (v === END) break;
    if (v === ODD) { const all = argsByRegex(text.slice(from, to)); return keys.map((k) => all[k]); }
    for (let j = 0; j < keys.length; j++) {
      const key = keys[j];
      if (out[j] === undefined && pair[1] - pair[0] === key.length && sameAt(text, pair[0], key)) { out[j] = text.slice(pair[1] + 1, v); left--; }
    }
    i = v;
  }
  return out;
}

const END = -1, ODD = -2;
/** The key's [start, end) of the pair nextPair last found. */
const pair = new Int32Array(2);

/** The end of the next plain key=value pair from i (its key in `pair`), END when none is left, ODD for anything the scanner does not take. */
function nextPair(text: string, i: number, n: number): number {
  for (;;) {
    while (i < n && text.charCodeAt(i) === 32) i++;
    if (i >= n) return END;
    // sched_switch's "==>" holds no pair.
    if (i + 2 < n && text.charCodeAt(i) === 61 && text.charCodeAt(i + 1) === 61 && text.charCodeAt(i + 2) === 62 && (i + 3 === n || text.charCodeAt(i + 3) === 32)) { i += 3; continue; }
    break;
  }
  const c = text.charCodeAt(i);
  if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95)) return ODD;
  let k = i + 1;
  while (k < n && isWord(text.charCodeAt(k))) k++;
  if (k >= n || text.charCodeAt(k) !== 61) return ODD;
  let v = k + 1;
  for (; v < n; v++) {
    const d = text.charCodeAt(v);
    if (d === 32) break;
    // A comma or other whitespace: the regex.
    if (d === 44 || d < 32 || d === 0x85 || d === 0xa0 || d >= 0x1680) return ODD;
  }
  // An empty value, or a " [module]" suffix: the regex.
  if (v === k + 1 || (v + 1 < n && text.charCodeAt(v + 1) === 91)) return ODD;
  pair[0] = i;
  pair[1] = k;
  return v;
}

/** parseArgs by the regex alone: the grammar. */
export function argsByRegex(text: string): Record<string, string> {
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
  for await (const chunk of lineChunks(stream, onBytes, signal)) yield chunk.lines;
}

/** lineBatches with, per chunk, whether no line in it holds a line terminator ("\r", U+2028, U+2029): one search per chunk instead of per line. */
async function* lineChunks(stream: ReadableStream<Uint8Array>, onBytes?: (n: number) => void, signal?: AbortSignal): AsyncGenerator<{ lines: string[]; clean: boolean }> {
  const OVERLONG = "\u0000".repeat(MAX_LINE + 1);
  for await (const { text, spans, clean } of spanChunks(stream, onBytes, signal)) {
    const lines: string[] = [];
    for (let k = 0; k < spans.length; k += 2) lines.push(spans[k] < 0 ? OVERLONG : text.slice(spans[k], spans[k + 1]));
    yield { lines, clean };
  }
}

/**
 * The lines of a stream as spans of each decoded chunk: `spans` holds each
 * line's [start, end) in `text` (a start of -1: a line longer than
 * MAX_LINE, cut); no string is made per line.
 */
async function* spanChunks(stream: ReadableStream<Uint8Array>, onBytes?: (n: number) => void, signal?: AbortSignal): AsyncGenerator<{ text: string; spans: number[]; clean: boolean }> {
  const reader = stream.getReader();
  const decoder = new TextDecoder("utf-8");
  // The bytes after the last "\n" so far. Each chunk is decoded up to its last "\n" (never inside a
  // UTF-8 sequence, so the decoder's state is empty there): a flat string per chunk, no concatenation.
  let carry = new Uint8Array(0);
  let overlong = false;
  try {
    for (;;) {
      if (signal?.aborted) throw new DOMException("trace reading was cancelled", "AbortError");
      const { done, value } = await reader.read();
      if (done) break;
      onBytes?.(value.byteLength);
      let bytes = value;
      if (carry.length) { bytes = new Uint8Array(carry.length + value.length); bytes.set(carry); bytes.set(value, carry.length); }
      const cut = bytes.lastIndexOf(10) + 1;
      // A copy: the stream may reuse the chunk's buffer.
      carry = bytes.slice(cut);
      // A line that never ends is not kept whole: past 3 bytes a character it is longer than MAX_LINE whatever
      // the bytes decode to, so its head marks it overlong and the rest is dropped.
      const cutLong = carry.length > 3 * (MAX_LINE + 1);
      if (cutLong) carry = new Uint8Array(0);
      if (cut === 0) { overlong ||= cutLong; continue; }
      const text = decoder.decode(bytes.subarray(0, cut), { stream: true });
      const spans: number[] = [];
      let start = 0;
      for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", start)) {
        const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        if (overlong) spans.push(-1, -1);
        else spans.push(start, end);
        overlong = false;
        start = nl + 1;
      }
      overlong = cutLong;
      yield { text, spans, clean: text.indexOf("\r") < 0 && text.indexOf("\u2028") < 0 && text.indexOf("\u2029") < 0 };
    }
    const last = decoder.decode(carry);
    // The last line may end without "\n", and still with a CRLF's "\r".
    const tail = last.endsWith("\r") ? last.slice(0, -1) : last;
    if (overlong) yield { text: "", spans: [-1, -1], clean: true };
    else if (tail) yield { text: tail, spans: [0, tail.length], clean: false };
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

/** traceEvents() a chunk at a time (one await per chunk). */
export async function* eventBatches(stream: ReadableStream<Uint8Array>, stats: ParseStats = newStats(), options: { onBytes?: (n: number) => void; signal?: AbortSignal; only?: ReadonlySet<string> } = {}): AsyncGenerator<TraceEvent[]> {
  for await (const batch of rawEventBatches(stream, stats, options)) yield batch.map((r) => withArgs(r));
}

/** eventBatches with the arguments left as text. */
export async function* rawEventBatches(stream: ReadableStream<Uint8Array>, stats: ParseStats = newStats(), options: { onBytes?: (n: number) => void; signal?: AbortSignal; only?: ReadonlySet<string> } = {}): AsyncGenerator<RawEvent[]> {
  const line = new RawLine();
  for await (const { text, spans, clean } of spanChunks(await maybeGunzip(stream), options.onBytes, options.signal)) {
    line.reset(text, nextChunk());
    const out: RawEvent[] = [];
    for (let k = 0; k < spans.length; k += 2) if (parseSpan(text, spans[k], spans[k + 1], stats, options.only, clean, line)) out.push(line.copy());
    if (out.length) yield out;
  }
}

/**
 * Every event of a stream handed to `visit` as one reused RawLine (what
 * fitTrace reads: no object or string per line; a visit keeps what it
 * needs, never the line).
 */
export async function visitRawEvents(stream: ReadableStream<Uint8Array>, stats: ParseStats, options: { onBytes?: (n: number) => void; signal?: AbortSignal; only?: ReadonlySet<string> }, visit: (e: RawLine) => void): Promise<void> {
  const line = new RawLine();
  for await (const { text, spans, clean } of spanChunks(await maybeGunzip(stream), options.onBytes, options.signal)) {
    line.reset(text, nextChunk());
    for (let k = 0; k < spans.length; k += 2) if (parseSpan(text, spans[k], spans[k + 1], stats, options.only, clean, line)) visit(line);
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
