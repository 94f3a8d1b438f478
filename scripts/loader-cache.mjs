// Framework reuses a data loader's cached output while the cache file is
// newer than the loader file itself (node_modules/@observablehq/framework/
// dist/loader.js, LoaderResolver.load): a change in what the loader imports
// (src/, data/, notebooks/) leaves the output "[fresh]" and the site shows
// numbers older than the kernel. So the cache is keyed on those sources:
// their hash is kept next to the cache, and when it differs every loader's
// cached output is deleted and re-run. Called by scripts/site.mjs before
// every build and preview.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** What the loaders in docs/data read besides themselves. */
const LOADER_INPUTS = ["src", "data", "notebooks", "docs/components/requests.js", "docs/workers/jobs.ts", "deno.json", "LICENSE", "README.md", "package-lock.json"];
const CACHE = "docs/.observablehq/cache";
const KEY = join(CACHE, ".loader-inputs.sha256");

function* files(path) {
  if (!existsSync(path)) return;
  if (!statSync(path).isDirectory()) { yield path; return; }
  for (const entry of readdirSync(path).sort()) yield* files(join(path, entry));
}

function inputsHash() {
  const hash = createHash("sha256");
  for (const root of LOADER_INPUTS) {
    for (const f of files(root)) hash.update(f).update("\0").update(readFileSync(f)).update("\0");
  }
  return hash.digest("hex");
}

const now = inputsHash();
const before = existsSync(KEY) ? readFileSync(KEY, "utf-8").trim() : "";
if (now !== before) {
  // Loader outputs live in the cache under the loaders' own paths (docs/data -> cache/data).
  rmSync(join(CACHE, "data"), { recursive: true, force: true });
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(KEY, now + "\n");
  console.log(`loader-cache: the loaders' inputs changed (${LOADER_INPUTS.join(", ")}): cached loader output cleared`);
} else {
  console.log("loader-cache: the loaders' inputs are unchanged: cached loader output kept");
}
