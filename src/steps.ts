/**
 * Long kernel calls come in two forms: a plain function, and a generator of
 * the same name + "Steps" that yields between units of work (a trial, a
 * sweep point) and returns the same result. The generator lets a caller
 * (the site's worker) stop or interleave work; the plain function runs it
 * through with complete().
 */

/**
 * A computation that pauses between units of work (yields undefined) and
 * returns a T. With P, it may also yield previews: the result it would
 * return had it been asked for fewer trials, exactly.
 */
export type Steps<T, P = never> = Generator<P | void, T, void>;

/** Steps whose previews and result go through f (pauses pass unchanged). */
export function* mapSteps<T, U>(steps: Steps<T, T>, f: (x: T) => U): Steps<U, U> {
  for (;;) {
    const r = steps.next();
    if (r.done) return f(r.value);
    yield r.value === undefined ? undefined : f(r.value);
  }
}

/** Run steps to the end and return their result. */
export function complete<T, P>(steps: Steps<T, P>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
