/**
 * Long kernel calls come in two forms: a plain function, and a generator of
 * the same name + "Steps" that yields between units of work (a trial, a
 * sweep point) and returns the same result. The generator lets a caller
 * (the site's worker) stop or interleave work; the plain function runs it
 * through with complete().
 */

/** A computation that pauses between units of work and returns a T. */
export type Steps<T> = Generator<void, T, void>;

/** Run steps to the end and return their result. */
export function complete<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
