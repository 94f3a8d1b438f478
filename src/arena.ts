/**
 * Scratch memory for the arrays a run needs only while it plays out (send
 * times, lock queue, sort buffers). A new typed array gets fresh memory
 * outside the JavaScript heap, zeroed, and its release waits for a garbage
 * collection: on big machines that cost more than the run itself. Every
 * run starts with resetArena() (simulate.ts runOn) and hands out slices
 * of one buffer, zeroed like new arrays. Nothing of the arena outlives its
 * run: results hold numbers and plain objects only, and a machine draw
 * (shared across runs) never comes from here.
 */
let memory = new ArrayBuffer(1 << 20);
let used = 0; // bytes

/** Start a run: every slice handed out before is free again. */
export function resetArena(): void {
  used = 0;
}

function take(bytes: number): number {
  const at = used;
  used += (bytes + 7) & ~7; // keep every slice 8-byte aligned for Float64Array
  if (used > memory.byteLength) {
    // Slices already handed out keep the old buffer alive until the run ends.
    memory = new ArrayBuffer(Math.max(2 * memory.byteLength, used * 2));
    used = (bytes + 7) & ~7;
    return 0;
  }
  return at;
}

/** A zeroed Float64Array of n that lives until the next resetArena(). */
export function f64(n: number): Float64Array {
  const a = new Float64Array(memory, take(8 * n), n);
  return a.fill(0);
}

/** A zeroed Uint32Array of n that lives until the next resetArena(). */
export function u32(n: number): Uint32Array {
  const a = new Uint32Array(memory, take(4 * n), n);
  return a.fill(0);
}
