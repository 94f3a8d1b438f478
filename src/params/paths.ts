/** Dotted paths into nested plain objects ("costs.hardirqNs"). */

export function getPath(obj: unknown, path: string): unknown {
  if (typeof path !== "string") return undefined;
  let cur: unknown = obj;
  for (const k of path.split(".")) {
    // Own properties only: a path from input never reaches Object.prototype.
    if (cur === null || typeof cur !== "object" || !Object.hasOwn(cur, k)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** A copy of obj with path set to value; intermediate objects are copied, not mutated. */
export function setPath<T>(obj: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split(".");
  const base = (obj ?? {}) as Record<string, unknown>;
  const next = rest.length === 0 ? value : setPath(base[head], rest.join("."), value);
  return { ...base, [head]: next } as T;
}
