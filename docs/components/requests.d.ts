// Types of ./requests.js for the TypeScript that imports it (the prefill loader, tests).
import type * as Kernel from "../../src/mod.ts";

/** A kernel request: the worker's function and its arguments. */
export type Request = [fn: string, ...args: unknown[]];
export declare function requestKey(fn: string, args: readonly unknown[]): string;
export declare const PAGE_REQUESTS: Readonly<Record<string, (K: typeof Kernel, p: Kernel.Params) => Request[]>>;
