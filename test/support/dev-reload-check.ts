/**
 * Proves that `npm run dev` shows a change in src/ without a manual reload,
 * without touching this checkout: copies the project (node_modules linked)
 * to a temporary directory, starts `node scripts/site.mjs dev` there, opens
 * a page in Chromium, edits the copy's src/format.ts (the unit "µs" becomes
 * "µZZ"), and waits for the page to show it.
 *
 *   npx tsx test/support/dev-reload-check.ts [page=shutdown] [port=3999]
 */
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { launchChromium } from "./chromium.ts";

const page = process.argv[2] ?? "shutdown";
const port = Number(process.argv[3] ?? 3999);
const root = resolve(import.meta.dirname, "../..");
const copy = mkdtempSync(join(tmpdir(), "tdx-dev-"));
execFileSync("sh", ["-c", `tar -C "${root}" --exclude=./node_modules --exclude=./dist --exclude=./.git --exclude=./.vitest --exclude=./docs/.observablehq/cache --exclude=./screenshots -cf - . | tar -C "${copy}" -xf -`]);
symlinkSync(join(root, "node_modules"), join(copy, "node_modules"));

const dev = spawn("node", ["scripts/site.mjs", "dev", "--port", String(port), "--no-open"], { cwd: copy, detached: true, stdio: ["ignore", "pipe", "pipe"] });
let log = "";
dev.stdout.on("data", (d) => (log += d));
dev.stderr.on("data", (d) => (log += d));
const browser = await launchChromium();
let ok = false;
try {
  for (let i = 0; i < 120 && !log.includes(`http://127.0.0.1:${port}/`); i++) await new Promise((r) => setTimeout(r, 250));
  const tab = await browser.newPage();
  let navigations = 0;
  tab.on("framenavigated", (f) => { if (f === tab.mainFrame()) navigations++; });
  await tab.goto(`http://127.0.0.1:${port}/${page}`, { waitUntil: "networkidle" });
  await tab.waitForTimeout(1500);
  const count = (s: string) => tab.evaluate((t) => document.body.innerText.split(t).length - 1, s);
  const before = await count("µs");
  const loads = navigations;
  const file = join(copy, "src/format.ts");
  writeFileSync(file, readFileSync(file, "utf-8").replace('[1e3, "µs"]', '[1e3, "µZZ"]'));
  const t0 = Date.now();
  for (let i = 0; i < 80 && (await count("µZZ")) === 0; i++) await tab.waitForTimeout(250);
  const after = await count("µZZ");
  ok = before > 0 && after > 0;
  console.log(`"µs" shown ${before}×; after editing src/format.ts, "µZZ" shown ${after}× within ${Date.now() - t0} ms, ${navigations - loads} full reloads`);
} finally {
  await browser.close();
  try { process.kill(-dev.pid!, "SIGTERM"); } catch { /* already gone */ }
  rmSync(copy, { recursive: true, force: true });
}
if (!ok) {
  console.error("the dev server did not show the change\n" + log.slice(-4000));
  process.exit(1);
}
