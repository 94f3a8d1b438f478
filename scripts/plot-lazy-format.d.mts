import type { Plugin } from "esbuild";
/** An esbuild plugin: Plot's default number format made on first use, not at import. */
export function lazyNumberFormat(): Plugin;
