/**
 * The checks at every public door of the kernel. A wrong type (not an
 * object, a missing section, a field of the wrong kind) is a TypeError
 * that names the argument and what was expected; a value outside what the
 * schema allows is a RangeError; nothing from inside the kernel (a property
 * read of null, a zod internal) reaches the caller.
 *
 * Parameters from params() or parseParams() are remembered (a WeakSet), so
 * checking them again costs a look-up; any other object (a spread copy, a
 * hand-made one) is validated once against the schema (about 0.1 ms) and
 * then remembered too.
 */
import { describe, PARSE, paramsSchema, type Params } from "./schema.ts";
import { STRATEGIES } from "../strategies/names.ts";

const VALID = new WeakSet<object>();

/** Remember p as valid (parseParams() calls it on what it returns). */
export function markValid<T extends object>(p: T): T {
  VALID.add(p);
  return p;
}

/** A plain object: made by {...} or Object.create(null), not a Map, Date, RegExp, array or class instance. */
export function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== "object") return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** Cross-field rules, set by parse.ts (which imports this module; a setter keeps the import one-way). */
let crossField: (p: Params) => { path: string; message: string }[] = () => [];
export function setCrossFieldCheck(f: (p: Params) => { path: string; message: string }[]): void {
  crossField = f;
}

/** Throws unless p is a complete, valid Params (TypeError for its shape, RangeError for its values). */
export function assertParams(p: unknown, what: string): asserts p is Params {
  if (!isPlainObject(p)) throw new TypeError(`${what}: expected the parameters (from params() or parseParams()), got ${kind(p)}`);
  if (VALID.has(p)) return;
  const r = paramsSchema.safeParse(p, PARSE);
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = issue.path.join(".") || "(root)";
    const shape = issue.code === "invalid_type" || issue.code === "unrecognized_keys";
    const message = issue.code === "unrecognized_keys" ? `unknown parameter ${issue.keys.map((k) => JSON.stringify(k.slice(0, 40))).join(", ")}` : issue.message;
    throw new (shape ? TypeError : RangeError)(`${what}: ${path}: ${message}`);
  }
  const cross = crossField(p as unknown as Params);
  if (cross.length) throw new RangeError(`${what}: ${cross[0].path}: ${cross[0].message}`);
  VALID.add(p);
}

/** The kind of a value for a message: "null", "an array", "a Map", "a number (NaN)". */
export function kind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") {
    const name = Object.getPrototypeOf(v)?.constructor?.name;
    return name && name !== "Object" ? `a ${name}` : "an object";
  }
  return `${typeof v} ${describe(v)}`;
}

/** Throws unless rows are the rows of compare() (a non-empty array of objects each with a known strategy, a summary and a value). */
export function assertComparisons(rows: unknown, what: string, { allowEmpty = false } = {}): void {
  if (!Array.isArray(rows)) throw new TypeError(`${what}: expected the rows of compare(), got ${kind(rows)}`);
  if (!allowEmpty && rows.length === 0) throw new RangeError(`${what}: expected at least one row of compare(), got none`);
  for (const r of rows) {
    if (!isPlainObject(r) || !(STRATEGIES as readonly string[]).includes(r.strategy as string) || !isPlainObject(r.summary) || !isPlainObject(r.value) || !isPlainObject(r.dominance)) {
      throw new TypeError(`${what}: expected rows of compare() (each with a strategy, a summary, a value and its dominance), got ${kind(r)}${isPlainObject(r) ? ` with strategy ${describe(r.strategy)}` : ""}`);
    }
  }
}

/** Throws unless x is a finite number (TypeError for another type, RangeError for NaN or infinity). */
export function assertFiniteNumber(x: unknown, what: string): asserts x is number {
  if (typeof x !== "number") throw new TypeError(`${what}: expected a number, got ${kind(x)}`);
  if (!Number.isFinite(x)) throw new RangeError(`${what}: expected a finite number, got ${describe(x)}`);
}
