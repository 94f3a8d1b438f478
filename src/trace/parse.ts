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
 * Speed: the events are read from the stream's bytes (UTF-8), not from
 * decoded text: a chunk's lines are spans of its bytes up to its last
 * newline byte, scanned in place, their comm and arguments decoded only
 * when asked for (the fit takes the lines through visitRawEvents as one
 * reused RawLine, and reads most arguments as bytes). Every byte the
 * scanners decide on is ASCII; a character beyond ASCII where it matters
 * sends the line to the regular expressions, which are the grammar: the
 * scanners accept exactly what they accept (test/fast-paths.test.ts).
 * lines() decodes whole chunks instead.
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
 * the comm and the arguments stay spans of the chunk's bytes until asked
 * for, so the fit (which reads a few keys of most lines and never the
 * comm) makes no string for most of a line. Valid until the next line is
 * read.
 */
export class RawLine {
  cpu = 0;
  pid = 0;
  ts = 0;
  event = "";
  /** The chunk's bytes: the comm is bytes[commAt, commEnd), trimmed when trimComm; the arguments bytes[restAt, end). */
  bytes: Uint8Array = NO_BYTES;
  commAt = 0;
  commEnd = 0;
  trimComm = false;
  restAt = 0;
  end = 0;
  /** The regex's reading of the line, when it read it (set()): then the spans are not the line's. */
  private commText: string | null = null;
  private restText: string | null = null;
  /** Reads lines of `bytes` next. */
  reset(bytes: Uint8Array): void {
    this.bytes = bytes;
    this.commText = this.restText = null;
  }
  /** Whether set() put the regex's reading in (the next scanned line takes the spans back). */
  get lent(): boolean {
    return this.commText !== null;
  }
  /** Back to the spans, for a line the scanner read. */
  unlend(): void {
    this.commText = this.restText = null;
  }
  get comm(): string {
    if (this.commText !== null) return this.commText;
    const c = str(this.bytes, this.commAt, this.commEnd);
    return this.trimComm ? c.trim() : c;
  }
  get rest(): string {
    return this.restText ?? str(this.bytes, this.restAt, this.end);
  }
  /** argsOf(rest, keys), read in place; the array is reused by the next call (destructure it). */
  args(keys: readonly string[]): (string | undefined)[] {
    if (this.restText !== null) return argsOf(this.restText, keys);
    return argsIn(this.bytes, this.restAt, this.end, keys, keys.length === 1 ? this.one : keys.length === 2 ? this.two : undefined) as (string | undefined)[];
  }
  /** The values of keys as Number() reads them (undefined when absent), without their strings when they are plain digits; reused like args(). */
  numbers(keys: readonly string[]): (number | undefined)[] {
    const out = keys.length === 2 ? this.twoNumbers : new Array<number | undefined>(keys.length);
    if (this.restText !== null) { const a = argsOf(this.restText, keys); for (let j = 0; j < keys.length; j++) out[j] = a[j] === undefined ? undefined : Number(a[j]); return out; }
    return argsIn(this.bytes, this.restAt, this.end, keys, out, true) as (number | undefined)[];
  }
  private readonly one: (string | undefined)[] = [undefined];
  private readonly two: (string | undefined)[] = [undefined, undefined];
  private readonly twoNumbers: (number | undefined)[] = [undefined, undefined];
  /** A copy that outlives the line. */
  copy(): RawEvent {
    return { comm: this.comm, pid: this.pid, cpu: this.cpu, ts: this.ts, event: this.event, rest: this.rest };
  }
  /** Filled from a RawEvent (the regex's reading). */
  set(r: RawEvent): void {
    this.cpu = r.cpu; this.pid = r.pid; this.ts = r.ts; this.event = r.event;
    this.commText = r.comm;
    this.restText = r.rest;
  }
}

const NO_BYTES = new Uint8Array(0);

/**
 * bytes[a, b) as text (UTF-8). The values the fit reads (a CPU number, a
 * comm) are short and ASCII: fromCharCode with the bytes as its arguments,
 * 8 at a time, makes them in about 65 ns (by apply() on a subarray 300 ns,
 * by a TextDecoder 370 ns); anything else takes the decoder.
 */
function str(x: Uint8Array, a: number, b: number): string {
  if (b - a > 64) return UTF8.decode(x.subarray(a, b));
  let any = 0;
  for (let i = a; i < b; i++) any |= x[i];
  return any & 0x80 ? UTF8.decode(x.subarray(a, b)) : ascii(x, a, b);
}

/** bytes[a, b), all of them ASCII, as text: one character per byte. */
function ascii(x: Uint8Array, a: number, b: number): string {
  const f = String.fromCharCode;
  switch (b - a) {
    case 0: return "";
    case 1: return f(x[a]);
    case 2: return f(x[a], x[a + 1]);
    case 3: return f(x[a], x[a + 1], x[a + 2]);
    case 4: return f(x[a], x[a + 1], x[a + 2], x[a + 3]);
    case 5: return f(x[a], x[a + 1], x[a + 2], x[a + 3], x[a + 4]);
    case 6: return f(x[a], x[a + 1], x[a + 2], x[a + 3], x[a + 4], x[a + 5]);
    case 7: return f(x[a], x[a + 1], x[a + 2], x[a + 3], x[a + 4], x[a + 5], x[a + 6]);
    case 8: return f(x[a], x[a + 1], x[a + 2], x[a + 3], x[a + 4], x[a + 5], x[a + 6], x[a + 7]);
    default: return ascii(x, a, a + 8) + ascii(x, a + 8, b);
  }
}

const UTF8 = new TextDecoder("utf-8");

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

/** parseLine without splitting the arguments: the line's UTF-8 bytes, scanned. */
function parseRaw(line: string, stats: ParseStats = newStats(), only?: ReadonlySet<string>): RawEvent | null {
  const out = new RawLine();
  const bytes = ENCODER.encode(line);
  out.reset(bytes);
  // A line of the public API may hold line terminators: the scanner checks.
  return parseSpan(bytes, 0, bytes.length, stats, only, true, out) ? out.copy() : null;
}

const NON_ASCII = /[^\x00-\x7f]/;
const ENCODER = new TextEncoder();

/**
 * parseRaw of the line bytes[s, e), read in place: a chunk of the stream is
 * scanned without a string per line (s < 0 marks a line cut as overlong).
 * `terms`: the chunk may hold a line terminator ("\r", "\n", U+2028,
 * U+2029) inside a line.
 */
function parseSpan(bytes: Uint8Array, s: number, e: number, stats: ParseStats, only: ReadonlySet<string> | undefined, terms: boolean, out: RawLine): boolean {
  stats.lines++;
  if (s < 0) { stats.tooLong++; return false; }
  // Longer in bytes than MAX_LINE characters: it may not be in characters (UTF-8); the regex reads it.
  if (e - s > MAX_LINE) return slowLine(UTF8.decode(bytes.subarray(s, e)), stats, only, out);
  const c0 = bytes[s];
  // LOST/DROPPED lines start "CPU:", the header "cpus=" (a comm may start with C too: the regex decides).
  if ((c0 === 67 || c0 === 99) && header(str(bytes, s, e), stats)) return false;
  const fast = scan(bytes, s, e, stats, only, terms, out);
  if (fast !== UNDECIDED) return fast === EVENT;
  const r = byRegex(str(bytes, s, e), stats, only);
  if (r) out.set(r);
  return r !== null;
}

/** A line the scanner does not take, by the grammar (stats.lines already counted). */
function slowLine(line: string, stats: ParseStats, only: ReadonlySet<string> | undefined, out: RawLine): boolean {
  if (line.length > MAX_LINE) { stats.tooLong++; return false; }
  if (header(line, stats)) return false;
  const r = byRegex(line, stats, only);
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
/** The value of the digit bytes in [a, b), or -1 unless all are digits (and at least one); past 15 digits by Number(), which rounds as the grammar's Number() does. */
function digitsValue(bytes: Uint8Array, a: number, b: number): number {
  if (a >= b) return -1;
  let v = 0;
  for (let i = a; i < b; i++) {
    const c = bytes[i] - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return b - a > 15 ? Number(str(bytes, a, b)) : v;
}

/**
 * The names of a filter by their first two characters, so the scanner
 * compares a line's event name in place (no string made) with the one or
 * two names that start like it, before it has looked for the name's end:
 * a name that matches, followed by ":", ends there (names are word
 * characters). The last filter is kept at hand; `short` holds the names of
 * fewer than two characters.
 */
let lastOnly: ReadonlySet<string> | undefined;
let lastSize = 0;
let lastNames: { byStart: Map<number, string[]>; short: string[] } = { byStart: new Map(), short: [] };
function namesOf(only: ReadonlySet<string>): { byStart: Map<number, string[]>; short: string[] } {
  if (only === lastOnly && only.size === lastSize) return lastNames;
  const byStart = new Map<number, string[]>(), short: string[] = [];
  // Only names of word characters: a line's name read in place is one (others take the regex).
  for (const name of only) {
    if (!name.length || ![...name].every((ch) => isWord(ch.charCodeAt(0)))) continue;
    if (name.length < 2) { short.push(name); continue; }
    const key = name.charCodeAt(0) | (name.charCodeAt(1) << 8);
    const list = byStart.get(key);
    if (list) list.push(name); else byStart.set(key, [name]);
  }
  lastOnly = only;
  lastSize = only.size;
  return (lastNames = { byStart, short });
}

/** The filter's name at bytes[es...] followed by ":" (so the name ends there), or undefined. */
function filterName(only: ReadonlySet<string>, bytes: Uint8Array, es: number, e: number): string | undefined {
  const { byStart, short } = namesOf(only);
  const names = es + 1 < e ? byStart.get(bytes[es] | (bytes[es + 1] << 8)) : undefined;
  if (names) for (let k = 0; k < names.length; k++) { const n = names[k]; if (es + n.length < e && bytes[es + n.length] === 58 && sameAt(bytes, es, n)) return n; }
  for (let k = 0; k < short.length; k++) { const n = short[k]; if (es + n.length < e && bytes[es + n.length] === 58 && sameAt(bytes, es, n)) return n; }
  return undefined;
}

/**
 * The common layout, "COMM-PID [CPU] FLAGS SECS.FRAC: EVENT: ARGS" with
 * spaces around the fields (what trace-cmd and tracefs print), found by
 * its brackets and colons in the line bytes[s, e) (UTF-8: every byte it
 * decides on is ASCII, and a character beyond ASCII where it matters sends
 * the line to the regex). Returns UNDECIDED
 * for anything else (the regex decides), never a different reading of the
 * same line. Every search is a loop bounded by the line: a library indexOf
 * would run on into the rest of the chunk.
 */
function scan(bytes: Uint8Array, s: number, e: number, stats: ParseStats, only: ReadonlySet<string> | undefined, terms: boolean, out: RawLine): number {
  // The first " [" (its space), and whether a "[" stands before it: a loop over the line (the bracket is a comm's length in).
  let open = -1, bracket = false;
  for (let i = s + 1; i < e; i++) if (bytes[i] === 91) { if (bytes[i - 1] === 32) { open = i - 1; break; } bracket = true; }
  if (open < 0) return UNDECIDED;
  // [CPU]: 1-5 digits, then a space.
  let close = -1;
  for (let i = open + 2, end = Math.min(e, open + 8); i < end; i++) if (bytes[i] === 93) { close = i; break; }
  if (close - open < 3 || byteIn(bytes, s, e, close + 1) !== 32) return UNDECIDED;
  const cpu = digitsValue(bytes, open + 2, close);
  if (cpu < 0) return UNDECIDED;
  // Line terminators inside a line: the regex's "." stops at them.
  if (terms && terminated(bytes, s, e)) return UNDECIDED;
  // -PID, padded with spaces before " [" (or before a "(  TGID) " column): the last dash before it.
  let pe = open;
  while (pe > s && bytes[pe - 1] === 32) pe--;
  if (byteIn(bytes, s, e, pe - 1) === 41) {
    // "(", spaces, digits or dashes, spaces, ")", then at least one space.
    let q = pe - 1;
    while (q > s && bytes[q - 1] === 32) q--;
    const ve = q, digit = isDigit(byteIn(bytes, s, e, q - 1));
    while (q > s && (digit ? isDigit(bytes[q - 1]) : bytes[q - 1] === 45)) q--;
    if (q === ve) return UNDECIDED;
    while (q > s && bytes[q - 1] === 32) q--;
    if (byteIn(bytes, s, e, q - 1) !== 40 || byteIn(bytes, s, e, q - 2) !== 32) return UNDECIDED;
    pe = q - 1;
    while (pe > s && bytes[pe - 1] === 32) pe--;
  }
  let ps = pe;
  while (ps > s && isDigit(bytes[ps - 1])) ps--;
  if (ps === pe || ps - s < 2 || bytes[ps - 1] !== 45) return UNDECIDED;
  // A "[" in the comm after whitespace other than a space could be the regex's earlier split: then the comm holds none.
  // (Any byte of a character beyond ASCII may be such whitespace: the regex decides.)
  if (bracket || bytes[s] === 91) for (let j = s; j < ps - 1; j++) if (bytes[j] < 32 || bytes[j] >= 0x80) return UNDECIDED;
  // Spaces, optional flags (a letter or ".", then 2-4 of letters, digits, "."), spaces, then SECS.FRAC": ".
  let at = close + 1;
  while (byteIn(bytes, s, e, at) === 32) at++;
  let t = at;
  while (t < e && bytes[t] !== 32 && bytes[t] !== 58) t++;
  if (byteIn(bytes, s, e, t) === 32) {
    const n = t - at, c = byteIn(bytes, s, e, at);
    if (n < 3 || n > 5 || !(c === 46 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122))) return UNDECIDED;
    for (let i = at + 1; i < t; i++) { const d = bytes[i]; if (!(d === 46 || isWord(d)) || d === 95) return UNDECIDED; }
    at = t;
    while (byteIn(bytes, s, e, at) === 32) at++;
  }
  // SECS "." FRAC ":" in one pass: digits, a dot, digits, the first colon (the grammar's first "." and
  // first ":" after the flags, with only digits around the dot).
  let i = at;
  let secs = 0;
  while (i < e) { const d = bytes[i] - 48; if (d < 0 || d > 9) break; secs = secs * 10 + d; i++; }
  const dot = i;
  if (dot === at || byteIn(bytes, s, e, dot) !== 46) return UNDECIDED;
  // Past 15 digits by Number(), which rounds as the grammar's Number() does.
  if (dot - at > 15) secs = Number(str(bytes, at, dot));
  let ns = 0;
  for (i = dot + 1; i < e; i++) { const d = bytes[i] - 48; if (d < 0 || d > 9) break; if (i - dot <= 9) ns = ns * 10 + d; }
  const colon = i;
  const frac = colon - dot - 1;
  if (frac === 0 || byteIn(bytes, s, e, colon) !== 58 || byteIn(bytes, s, e, colon + 1) !== 32) return UNDECIDED;
  // EVENT after spaces: word characters, then ":" and a space or the end (the regex's greedy "[\w:]+:" reads "a:b:" otherwise).
  let es = colon + 2;
  while (byteIn(bytes, s, e, es) === 32) es++;
  // The filter's name, compared in place (no string made), gives the name's end; else a loop finds it.
  const event0 = only ? filterName(only, bytes, es, e) : undefined;
  let ee = es;
  if (event0 !== undefined) ee = es + event0.length;
  else while (ee < e && isWord(bytes[ee])) ee++;
  if (ee === es || byteIn(bytes, s, e, ee) !== 58 || (ee + 1 < e && bytes[ee + 1] !== 32)) return UNDECIDED;
  let event: string | undefined = event0;
  // An all-whitespace comm: the grammar's "^\s*" keeps it and looks for a later split first.
  let cs = s;
  while (cs < ps - 1 && bytes[cs] === 32) cs++;
  // Other whitespace at either end: trim() knows which characters are (the comm is made only if asked for).
  const trimComm = cs < ps - 1 && !(plain(bytes[cs]) && plain(bytes[ps - 2]));
  if (cs === ps - 1 || (trimComm && str(bytes, cs, ps - 1).trim() === "")) return UNDECIDED;
  if (frac >= 9) stats.resolution = "ns";
  else if (frac === 6 && stats.resolution !== "ns") stats.resolution = "us";
  const ts = secs * 1e9 + (frac >= 9 ? ns : ns * 10 ** (9 - frac));
  if (!Number.isFinite(ts)) { stats.skipped++; return NONE; }
  stats.events++;
  if (only) { if (event === undefined) return NONE; } else event = str(bytes, es, ee);
  out.cpu = cpu; out.pid = digitsValue(bytes, ps, pe); out.ts = ts; out.event = event;
  out.commAt = cs; out.commEnd = ps - 1; out.trimComm = trimComm;
  out.restAt = ee + 1; out.end = e;
  if (out.lent) out.unlend();
  return EVENT;
}

/** The line bytes[s, e)'s byte i, -1 outside it. */
const byteIn = (bytes: Uint8Array, s: number, e: number, i: number) => (i >= s && i < e ? bytes[i] : -1);


/** Whether bytes hold `name` at `at` (the last character first: names of one length share their start, "call_function_entry", "call_function_exit"...). */
function sameAt(bytes: Uint8Array, at: number, name: string): boolean {
  const n = name.length;
  if (n === 0 || bytes[at + n - 1] !== name.charCodeAt(n - 1)) return n === 0;
  for (let k = 0; k < n - 1; k++) if (bytes[at + k] !== name.charCodeAt(k)) return false;
  return true;
}

/** A printable ASCII character other than the space (no trim() needed at that end). */
const plain = (c: number) => c > 32 && c < 127;

/** A line terminator inside the line bytes[s, e): "\r", "\n", U+2028 or U+2029 (E2 80 A8/A9), where the regex's "." stops. */
function terminated(bytes: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = bytes[i];
    if (c === 13 || c === 10 || (c === 0xe2 && i + 2 < e && bytes[i + 1] === 0x80 && (bytes[i + 2] === 0xa8 || bytes[i + 2] === 0xa9))) return true;
  }
  return false;
}

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
 * func=sched_ttwu_pending csd=0x..."). Plain "key=value" words of ASCII
 * take a scanner over their bytes; anything else (a comma, a "[module]"
 * suffix, "work struct", "key: value", a cpumask, other characters) takes
 * the regex, which is the grammar (argsByRegex; test/fast-paths.test.ts
 * checks they agree).
 */
export function parseArgs(text: string): Record<string, string> {
  // A cpumask keeps its commas, and the grammar finds "cpumask=" anywhere.
  if (text.includes("cpumask=") || NON_ASCII.test(text)) return argsByRegex(text);
  const bytes = ENCODER.encode(text);
  const out: Record<string, string> = Object.create(null);
  for (let i = 0; ;) {
    const v = nextPair(bytes, i, bytes.length);
    if (v === END) return out;
    if (v === ODD) return argsByRegex(text);
    const key = str(bytes, pair[0], pair[1]);
    if (!(key in out)) out[key] = str(bytes, pair[1] + 1, v);
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
  if (NON_ASCII.test(text)) { const all = argsByRegex(text); return keys.map((k) => all[k]); }
  const bytes = ENCODER.encode(text);
  return argsIn(bytes, 0, bytes.length, keys) as (string | undefined)[];
}

/** argsOf of the bytes[from, to), read in place (the fit reads a line's arguments in its chunk). */
function argsIn(bytes: Uint8Array, from: number, to: number, keys: readonly string[], out: (string | number | undefined)[] = new Array<string | undefined>(keys.length), numbers = false): (string | number | undefined)[] {
  // A cpumask keeps its commas, and the grammar finds "cpumask=" anywhere: parseArgs decides.
  if (keys.includes("cpumask")) { const all = parseArgs(str(bytes, from, to)); return keys.map((k) => (numbers && all[k] !== undefined ? Number(all[k]) : all[k])); }
  for (let j = 0; j < out.length; j++) out[j] = undefined;
  let left = keys.length;
  // Leading whitespace of any kind holds no pair (the padding after a name is most of a line's arguments):
  // spaces by a loop, anything else by trimStart(), which knows what whitespace is.
  let i = from;
  while (i < to && bytes[i] === 32) i++;
  if (i < to && !plain(bytes[i])) { const t = str(bytes, from, to); i = from + t.length - t.trimStart().length; }
  while (left > 0) {
    const v = nextPair(bytes, i, to);
    if (v === END) break;
    if (v === ODD) { const all = argsByRegex(str(bytes, from, to)); return keys.map((k) => (numbers && all[k] !== undefined ? Number(all[k]) : all[k])); }
    for (let j = 0; j < keys.length; j++) {
      const key = keys[j];
      if (out[j] === undefined && pair[1] - pair[0] === key.length && sameAt(bytes, pair[0], key)) {
        // A number: plain digits read in place (the pair's value is never empty); anything else as Number() reads its text.
        if (numbers) { const d = digitsValue(bytes, pair[1] + 1, v); out[j] = d >= 0 ? d : Number(str(bytes, pair[1] + 1, v)); } else out[j] = str(bytes, pair[1] + 1, v);
        left--;
      }
    }
    i = v;
  }
  return out;
}

const END = -1, ODD = -2;
/** The key's [start, end) of the pair nextPair last found. */
const pair = new Int32Array(2);

/** The end of the next plain key=value pair of ASCII from i (its key in `pair`), END when none is left, ODD for anything the scanner does not take. */
function nextPair(bytes: Uint8Array, i: number, n: number): number {
  for (;;) {
    while (i < n && bytes[i] === 32) i++;
    if (i >= n) return END;
    // sched_switch's "==>" holds no pair.
    if (i + 2 < n && bytes[i] === 61 && bytes[i + 1] === 61 && bytes[i + 2] === 62 && (i + 3 === n || bytes[i + 3] === 32)) { i += 3; continue; }
    break;
  }
  const c = bytes[i];
  if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95)) return ODD;
  let k = i + 1;
  while (k < n && isWord(bytes[k])) k++;
  if (k >= n || bytes[k] !== 61) return ODD;
  let v = k + 1;
  for (; v < n; v++) {
    const d = bytes[v];
    if (d === 32) break;
    // A comma, other whitespace, or a character beyond ASCII: the regex.
    if (d === 44 || d < 32 || d >= 0x80) return ODD;
  }
  // An empty value, or a " [module]" suffix: the regex.
  if (v === k + 1 || (v + 1 < n && bytes[v + 1] === 91)) return ODD;
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
 * A stream's bytes a run of whole lines at a time: each chunk up to its
 * last "\n" (bytes[0, cut)), the bytes after it carried into the next;
 * `overlong`: the run's first line is the rest of a line cut past
 * MAX_LINE. Last, the bytes after the final "\n" (cut -1), the last line,
 * which may end without one. The one reader of the stream for lines() and
 * the parser.
 */
async function* wholeLines(stream: ReadableStream<Uint8Array>, onBytes?: (n: number) => void, signal?: AbortSignal): AsyncGenerator<{ bytes: Uint8Array; cut: number; overlong: boolean }> {
  const reader = stream.getReader();
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
      yield { bytes, cut, overlong };
      overlong = cutLong;
    }
    yield { bytes: carry, cut: -1, overlong };
  } finally {
    reader.releaseLock();
  }
}

/**
 * The lines of a stream as spans of each decoded chunk: `spans` holds each
 * line's [start, end) in `text` (a start of -1: a line longer than
 * MAX_LINE, cut); no string is made per line.
 */
async function* spanChunks(stream: ReadableStream<Uint8Array>, onBytes?: (n: number) => void, signal?: AbortSignal): AsyncGenerator<{ text: string; spans: number[]; clean: boolean }> {
  // Each run is decoded up to its last "\n" (never inside a UTF-8 sequence, so the decoder's state is
  // empty there): a flat string per chunk, no concatenation.
  const decoder = new TextDecoder("utf-8");
  for await (const { bytes, cut, overlong } of wholeLines(stream, onBytes, signal)) {
    if (cut < 0) {
      const last = decoder.decode(bytes);
      // The last line may end without "\n", and still with a CRLF's "\r".
      const tail = last.endsWith("\r") ? last.slice(0, -1) : last;
      if (overlong) yield { text: "", spans: [-1, -1], clean: true };
      else if (tail) yield { text: tail, spans: [0, tail.length], clean: false };
      continue;
    }
    const text = decoder.decode(bytes.subarray(0, cut), { stream: true });
    const spans: number[] = [];
    let start = 0;
    let cutFirst = overlong;
    for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", start)) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (cutFirst) spans.push(-1, -1);
      else spans.push(start, end);
      cutFirst = false;
      start = nl + 1;
    }
    yield { text, spans, clean: text.indexOf("\r") < 0 && text.indexOf("\u2028") < 0 && text.indexOf("\u2029") < 0 };
  }
}

/**
 * The lines of a stream as spans of its bytes: `spans` holds each line's
 * [start, end) in `bytes` (without its "\n", nor a "\r" before it; a start
 * of -1: a line longer than MAX_LINE, cut). `ascii`: every byte of the
 * chunk is; `terms`: some line may hold a "\r" inside (one that does not end
 * it). Nothing is decoded.
 */
async function* byteChunks(stream: ReadableStream<Uint8Array>, onBytes?: (n: number) => void, signal?: AbortSignal): AsyncGenerator<{ bytes: Uint8Array; spans: number[]; terms: boolean }> {
  for await (const { bytes, cut, overlong } of wholeLines(stream, onBytes, signal)) {
    if (cut >= 0) {
      yield { bytes, ...splitLines(bytes, cut, overlong) };
      continue;
    }
    // The last line may end without "\n", and still with a CRLF's "\r".
    const tail = bytes.length && bytes[bytes.length - 1] === 13 ? bytes.subarray(0, bytes.length - 1) : bytes;
    if (overlong) yield { bytes: NO_BYTES, spans: [-1, -1], terms: false };
    else if (tail.length) yield { bytes: tail, spans: [0, tail.length], terms: true };
  }
}

/**
 * The lines of bytes[0, cut) (cut just after a "\n") as spans: each line's
 * [start, end) without its "\n", nor a "\r" before it ([-1, -1] for the
 * first line when the one before was cut overlong); and `terms`, whether a
 * line may hold a line terminator inside it: a "\r" other than a line
 * ending's, or a byte E2 (U+2028 and U+2029 start with it; so do other
 * characters, which the line's own check tells apart). Four bytes at a
 * time: a word with no "\n", no "\r" and no byte from 0x80 up (no zero
 * byte in w ^ 0x0a0a0a0a, "Bit Twiddling Hacks") is passed whole, one pass
 * for all three (Uint8Array's indexOf, per line and per chunk, cost more).
 */
function splitLines(bytes: Uint8Array, cut: number, overlong: boolean): { spans: number[]; terms: boolean } {
  const spans: number[] = [];
  let start = 0, terms = false;
  /** Bytes j in [from, to) one at a time. */
  const each = (from: number, to: number) => {
    for (let j = from; j < to; j++) {
      const c = bytes[j];
      if (c === 10) {
        const end = j > start && bytes[j - 1] === 13 ? j - 1 : j;
        if (overlong) spans.push(-1, -1);
        else spans.push(start, end);
        overlong = false;
        start = j + 1;
      } else if (c === 13) { if (j + 1 >= cut || bytes[j + 1] !== 10) terms = true; } else if (c === 0xe2) terms = true;
    }
  };
  const head = Math.min(cut, (4 - (bytes.byteOffset & 3)) & 3);
  const n = (cut - head) >> 2;
  each(0, head);
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset + head, n);
  for (let k = 0; k < n; k++) {
    const w = words[k], x = w ^ 0x0a0a0a0a, y = w ^ 0x0d0d0d0d;
    if (((w | ((x - 0x01010101) & ~x) | ((y - 0x01010101) & ~y)) & 0x80808080) !== 0) each(head + (k << 2), head + (k << 2) + 4);
  }
  each(head + (n << 2), cut);
  return { spans, terms };
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
  for await (const { bytes, spans, terms } of byteChunks(await maybeGunzip(stream), options.onBytes, options.signal)) {
    line.reset(bytes);
    const out: RawEvent[] = [];
    for (let k = 0; k < spans.length; k += 2) if (parseSpan(bytes, spans[k], spans[k + 1], stats, options.only, terms, line)) out.push(line.copy());
    if (out.length) yield out;
  }
}

/**
 * Every event of a stream handed to `visit` as one reused RawLine (what
 * fitTrace reads: no object per line, and no string for the parts of a
 * line a visit does not ask for; a visit keeps what it needs, never the
 * line).
 */
export async function visitRawEvents(stream: ReadableStream<Uint8Array>, stats: ParseStats, options: { onBytes?: (n: number) => void; signal?: AbortSignal; only?: ReadonlySet<string> }, visit: (e: RawLine) => void): Promise<void> {
  const line = new RawLine();
  for await (const { bytes, spans, terms } of byteChunks(await maybeGunzip(stream), options.onBytes, options.signal)) {
    line.reset(bytes);
    for (let k = 0; k < spans.length; k += 2) if (parseSpan(bytes, spans[k], spans[k + 1], stats, options.only, terms, line)) visit(line);
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
