// npm run notebook: executes notebooks/tdx-shutdown.ipynb on Deno's Jupyter
// kernel and writes it back with its outputs (so GitHub shows the figures),
// without the volatile metadata (execution timestamps, the kernel's
// TypeScript version). test/notebook.test.ts fails when the committed outputs
// differ from a fresh run.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { normalizeNotebook } from "./notebook-normalize.ts";

const NOTEBOOK = "notebooks/tdx-shutdown.ipynb";
execFileSync("node_modules/deno/deno", ["jupyter", "--install", "--force"], { stdio: "pipe" });
const out = join(mkdtempSync(join(tmpdir(), "nb-")), "executed.ipynb");
execFileSync("jupyter-nbconvert", ["--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=120", NOTEBOOK, "--output", out], { stdio: "inherit" });
writeFileSync(NOTEBOOK, JSON.stringify(normalizeNotebook(JSON.parse(readFileSync(out, "utf-8"))), null, 1) + "\n");
console.log(`${NOTEBOOK}: outputs written`);
